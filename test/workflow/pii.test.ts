import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { conversationPk, SK } from '../../functions/shared/keys';
import { ClosedTranscriptSchema } from '../../schemas/closed-transcript';
import { ConversationClosedEventSchema } from '../../schemas/conversation-closed';
import { TABLES } from '../../schemas/tables';
import type { Platform } from './harness';

/** One Luhn-valid card as customers write it, and every form to look for. */
const CARD = '4111 1111 1111 1111';
const CARD_FORMS = [CARD, '4111111111111111', '4111-1111-1111-1111'];
const EMAIL = 'maya.lindqvist@example.com';

let platform: Platform;
let harness: typeof import('./harness');
/** Bodies of the HTTP requests the functions sent to Bedrock. */
const bedrockBodies: string[] = [];
/** Everything written to stdout and stderr while the platform ran. */
const written: string[] = [];
/** The conversation whose card the functions' DynamoDB refuses, quoting it. */
let quoting: string | undefined;

/**
 * The shared logger takes its level from the environment when it is first
 * loaded, and returns to it at every invocation: the platform is loaded
 * after setting TRACE, so every log line of every level is written.
 */
beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'TRACE';
  harness = await import('./harness');
  const { bedrock } = await import('../../functions/shared/clients/bedrock');
  for (const stream of [process.stdout, process.stderr]) {
    jest.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    });
  }
  const { dynamoClient } = await import(
    '../../functions/shared/clients/dynamo'
  );
  platform = new harness.Platform();
  await platform.start();
  dynamoClient.middlewareStack.add(
    (next) => async (args) => {
      refuseQuoting(args.input);
      const result = await next(args);
      refuseQuoting(result.output);
      return result;
    },
    { step: 'initialize', name: 'refuseQuotingCustomerText' },
  );
  bedrock.middlewareStack.add(
    (next) => async (args) => {
      const { body } = args.request as { body?: unknown };
      bedrockBodies.push(
        body instanceof Uint8Array
          ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString(
              'utf8',
            )
          : String(body),
      );
      return next(args);
    },
    { step: 'finalizeRequest', name: 'captureBedrockBodies' },
  );
});

afterAll(async () => {
  await platform.stop();
  jest.restoreAllMocks();
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

/**
 * Stands in for a store whose errors quote the data they refuse: while
 * `quoting` names a conversation, a request or answer of the functions'
 * DynamoDB client that holds its card fails with an error quoting it all.
 */
function refuseQuoting(data: unknown): void {
  if (!quoting) return;
  const text = JSON.stringify(data) ?? '';
  const pk = conversationPk(harness.TENANT, quoting);
  if (!text.includes(pk) || !CARD_FORMS.some((f) => text.includes(f))) {
    return;
  }
  const error = new Error(`One or more parameter values were invalid: ${text}`);
  error.name = 'ValidationException';
  throw error;
}

/** Runs `work` while the store refuses the conversation's card. */
async function refusingCard<T>(
  conversationId: string,
  work: () => Promise<T>,
): Promise<T> {
  quoting = conversationId;
  try {
    return await work();
  } finally {
    quoting = undefined;
  }
}

/** The log lines written since `from`, parsed; other output is skipped. */
function logLinesSince(from: number): Record<string, unknown>[] {
  return written
    .slice(from)
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function expectAbsent(haystack: string, needles: readonly string[]): void {
  for (const needle of needles) expect(haystack).not.toContain(needle);
}

async function storedItem(conversationId: string, sk: string) {
  const { Item } = await platform.runtime.documentClient.send(
    new GetCommand({
      TableName: TABLES.conversations.name,
      Key: { pk: conversationPk(harness.TENANT, conversationId), sk },
      ConsistentRead: true,
    }),
  );
  return Item;
}

describe('personal data on the local runtime', () => {
  it('keeps a card number out of logs, model requests and analytics', async () => {
    // Prepare
    const customer = platform.customer();
    const id = customer.conversationId;
    const sentBefore = bedrockBodies.length;

    // Act
    await customer.send(`I was charged twice on my card ${CARD}, help`);
    await customer.waitFor(harness.atLeast(1, 'assistant'));
    await customer.send(
      'Or was it 4111111111111111? My old one is 4111-1111-1111-1111.',
    );
    await customer.waitFor(harness.atLeast(2, 'assistant'));
    const event = await platform.closedEvent(id);
    const transcriptKey = ConversationClosedEventSchema.parse(
      event.detail,
    ).transcript;
    const transcript = await storedItem(id, transcriptKey?.sk ?? '');
    const vault = await storedItem(id, SK.piiVault);

    // Assess
    const lines = written.join('');
    expect(lines).toContain('"level":"DEBUG"');
    expectAbsent(lines, CARD_FORMS);
    const sent = bedrockBodies.slice(sentBefore);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(sent.join('\n')).toContain('[CARD_1]');
    expectAbsent(sent.join('\n'), CARD_FORMS);
    expect(transcriptKey?.sk).toBe('TRANSCRIPT#000001');
    const parsed = ClosedTranscriptSchema.parse(transcript);
    expect(parsed.messages.map((m) => m.sender)).toEqual([
      'customer',
      'assistant',
      'customer',
      'assistant',
      'system',
    ]);
    expect(parsed.messages[0]?.text).toBe(
      'I was charged twice on my card [CARD_1], help',
    );
    expect(parsed.redactions.CARD).toBe(3);
    expectAbsent(JSON.stringify(transcript), CARD_FORMS);
    expect(vault).toMatchObject({ version: 1, entries: 1 });
    expectAbsent(JSON.stringify(vault), CARD_FORMS);
  });

  it('looks an email up by its placeholder, never sending the email', async () => {
    // Prepare
    const customer = platform.customer();
    const id = customer.conversationId;
    const sentBefore = bedrockBodies.length;

    // Act
    await customer.send(`my email is ${EMAIL}, where is my order #W3308846`);
    await customer.waitFor(harness.atLeast(1, 'assistant'));
    await platform.parked(id);

    // Assess
    const [turn] = await platform.turns(id);
    expect(turn?.toolCalls[0]).toMatchObject({
      name: 'find_user_id_by_email',
      input: { email: '[EMAIL_1]' },
    });
    const sent = bedrockBodies.slice(sentBefore).join('\n');
    expect(sent).toContain('[EMAIL_1]');
    expectAbsent(sent, [EMAIL]);
    expectAbsent(JSON.stringify(turn), [EMAIL]);
  });

  it('keeps a card out of logs, history and stored items when a failing store quotes it', async () => {
    // Prepare
    const customer = platform.customer();
    const id = customer.conversationId;
    const loggedBefore = written.length;
    const complaint = `I was charged twice on my card ${CARD}, help`;
    await customer.send('Hello, I have a question about a charge');
    await customer.waitFor(harness.atLeast(1, 'assistant'));
    await platform.parked(id);
    platform.faults.set(id, (name, _payload, next) =>
      name === 'respond' ? refusingCard(id, next) : next(),
    );

    // Act
    const refused = await refusingCard(id, () => customer.send(complaint));
    const accepted = await customer.send(complaint);
    const open = await platform.openHandoff(id);
    const history = platform.history(id);
    const stored = [
      await platform.head(id),
      await platform.turns(id),
      await platform.storedHandoff(open.handoffId),
      await storedItem(id, SK.piiVault),
    ];

    // Assess
    expectAbsent(written.join(''), CARD_FORMS);
    expectAbsent(JSON.stringify(history), CARD_FORMS);
    expectAbsent(JSON.stringify(stored), CARD_FORMS);
    expectAbsent(JSON.stringify(open.raw.body), CARD_FORMS);
    expectAbsent(JSON.stringify(refused.body), CARD_FORMS);
    expect(written.join('')).toContain('"level":"DEBUG"');
    expect(refused.status).toBe(500);
    expect(accepted.status).toBe(202);
    const failedRequest = logLinesSince(loggedBefore).find(
      (line) => line.message === 'Request failed',
    );
    expect(failedRequest).toMatchObject({
      level: 'ERROR',
      error: { name: 'ValidationException' },
    });
    expect(JSON.stringify(failedRequest)).toContain('[CARD_1]');
    const failedStep = history.find(
      (e) =>
        e.type === 'TaskFailed' &&
        e.taskFailedEventDetails?.error === 'ValidationException',
    );
    expect(failedStep?.taskFailedEventDetails?.cause).toContain('[CARD_1]');
    expect(harness.enteredStates(history)).toContain('ModelFailed');
    expect(open.reason).toBe('model_failure');
  });
});
