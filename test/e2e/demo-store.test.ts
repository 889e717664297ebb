import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { conversationPk, executionName } from '../../functions/shared/keys';
import { runAgentsCli } from '../../scripts/agents';
import { agentCall, ChatClient, type ChatMessage } from '../support/chat';
import {
  makeTestTenant,
  type RunningCli,
  startCli,
  tempDataDir,
} from '../support/cli';

/**
 * The demo store end to end through `npm start` and HTTP only: a greeting
 * answered without retrieval or model, a policy answer with citations, a
 * read tool of the store and one of the tenant's own HTTP API, a refund
 * that a named agent approves with their own token, and a card number that
 * reaches neither a log line nor the analytics transcript.
 */

const TENANT = 'store-e2e';
const CARD = '4111 1111 1111 1111';
/** The card in any writing: spaced, dashed or run together. */
const CARD_DIGITS = /4111[\s-]?1111[\s-]?1111[\s-]?1111/;

type Transcript = { status: string; messages: ChatMessage[] };

const assistantReplies = (t: Transcript) =>
  t.messages.filter((m) => m.role === 'assistant');
const repliesAtLeast = (n: number) => (t: Transcript) =>
  assistantReplies(t).length >= n && t.messages.at(-1)?.role !== 'customer';

describe('the demo store, end to end on the local runtime', () => {
  let cli: RunningCli;
  let sfn: SFNClient;
  let documents: DynamoDBDocumentClient;
  const tenantDir = makeTestTenant(TENANT, {
    idleTimeoutSeconds: 20,
    handoffTimeoutSeconds: 60,
    handoffHeartbeatSeconds: 30,
  });

  beforeAll(async () => {
    cli = await startCli([
      '--data-dir',
      tempDataDir(),
      '--tenant',
      tenantDir,
      '--log-level',
      'DEBUG',
    ]);
    sfn = new SFNClient({ endpoint: cli.sfn, region: 'us-east-1' });
    documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: cli.dynamodb, region: 'us-east-1' }),
    );
  }, 90_000);

  afterAll(async () => {
    sfn?.destroy();
    documents?.destroy();
    await cli?.stop();
  });

  const history = async (conversationId: string): Promise<HistoryEvent[]> => {
    const name = executionName(TENANT, conversationId, 1);
    const { events = [] } = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn: `arn:aws:states:us-east-1:000000000000:execution:Conversation:${name}`,
        maxResults: 1000,
      }),
    );
    return events;
  };
  /** An agent's own token for the tenant, made as an operator would. */
  const newAgentToken = async (agentId: string, name: string) => {
    const out: string[] = [];
    const code = await runAgentsCli(
      ['add', '--tenant', TENANT, '--agent', agentId, '--name', name],
      {
        out: (line) => out.push(line),
        err: () => {},
        env: { AWS_ENDPOINT_URL_DYNAMODB: cli.dynamodb },
      },
    );
    expect(code).toBe(0);
    return out.join('');
  };
  /** The `Model answered` log lines of one conversation so far. */
  const modelCalls = (conversationId: string) =>
    cli
      .output()
      .split('\n')
      .filter((line) => line.includes('"Model answered"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.conversation_id === conversationId);

  /** The conversation's analytics transcript items, once there are any. */
  const transcriptItems = async (conversationId: string) => {
    const until = Date.now() + 10_000;
    for (;;) {
      const { Items = [] } = await documents.send(
        new QueryCommand({
          TableName: 'Conversations',
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :t)',
          ExpressionAttributeValues: {
            ':pk': conversationPk(TENANT, conversationId),
            ':t': 'TRANSCRIPT#',
          },
        }),
      );
      if (Items.length > 0 || Date.now() > until) return Items;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const enteredStates = (events: readonly HistoryEvent[]) =>
    events.flatMap((e) =>
      e.stateEnteredEventDetails?.name ? [e.stateEnteredEventDetails.name] : [],
    );

  it('greets, cites, looks up, and refunds after a person approves', async () => {
    // Prepare
    const chat = new ChatClient(cli.url, TENANT, 'maya');

    // Act: a greeting
    await chat.send('Hello!');
    const greeted = await chat.waitFor(repliesAtLeast(1));
    const greetingStates = enteredStates(await history(chat.conversationId));

    // Assess: answered by understand alone, with no model call anywhere
    expect(greeted.messages.at(-1)?.offlineModel).toBeFalsy();
    expect(greetingStates).not.toContain('Retrieve');
    expect(greetingStates).not.toContain('Respond');
    expect(modelCalls(chat.conversationId)).toEqual([]);

    // Act: a policy question
    await chat.send('How long does shipping take?');
    const answered = await chat.waitFor(repliesAtLeast(2));

    // Assess: grounded and cited, by the model this time
    expect(modelCalls(chat.conversationId)).not.toEqual([]);
    const policy = answered.messages.at(-1);
    expect(policy?.citations?.length).toBeGreaterThan(0);
    expect(policy?.citations?.[0]?.id).toMatch(/^shipping-and-delivery#/);

    // Act: a look-up with a read tool
    await chat.send(
      'My email is maya.lindqvist@example.com. What is the status of order #W3308846?',
    );
    const looked = await chat.waitFor(repliesAtLeast(3));

    // Assess
    expect(looked.messages.at(-1)?.text).toContain('780391627633');

    // Act: the tenant's own tool, on its carrier's HTTP API
    await chat.send('Can you track parcel 780391627633 for me?');
    const tracked = await chat.waitFor(repliesAtLeast(4));

    // Assess
    expect(tracked.messages.at(-1)?.text).toMatch(
      /Trailpost Parcel.*in.transit/i,
    );

    // Act: a return whose refund is above the demo's $100 threshold
    await chat.send(
      'I want to return the Sleeping Pad from order #W4817203 to my credit card.',
    );
    const asked = await chat.waitFor(repliesAtLeast(5));

    // Assess: nothing changes before the customer says yes
    const question = asked.messages.at(-1)?.text ?? '';
    expect(question).toMatch(/yes/i);
    expect(question).toContain('#W4817203');

    // Act: the customer confirms; a person must approve
    await chat.send('Yes please');
    await chat.waitFor((t) =>
      t.messages.some((m) => m.role === 'system' && /approve/i.test(m.text)),
    );
    const pending = await agentCall(
      cli.url,
      cli.agentToken,
      'GET',
      `/tenants/${TENANT}/approvals?status=pending`,
    );
    const approvals = pending.body.approvals as {
      approvalId: string;
      conversationId: string;
      refundCents: number;
      change: string;
    }[];
    const approval = approvals.find(
      (a) => a.conversationId === chat.conversationId,
    );
    const samsToken = await newAgentToken('sam-rivera', 'Sam Rivera');
    const decided = await agentCall(
      cli.url,
      samsToken,
      'POST',
      `/tenants/${TENANT}/approvals/${approval?.approvalId}/decision`,
      { decision: 'approve', note: 'Within policy.' },
    );
    const refunded = await chat.waitFor(repliesAtLeast(6), 20_000);

    // Assess: approved by a named person, done, and the customer is told
    expect(approval?.refundCents).toBe(10_697);
    expect(approval?.change).toContain('#W4817203');
    expect(JSON.stringify(pending.body)).not.toMatch(/token/i);
    expect(decided.status).toBe(200);
    expect(decided.body.approval).toMatchObject({
      status: 'approved',
      decidedBy: 'Sam Rivera (sam-rivera)',
    });
    expect(refunded.messages.at(-1)?.text).toMatch(/return/i);
    expect(refunded.messages.at(-1)?.text).toContain('106.97');
  }, 90_000);

  it('keeps a card number out of every log line and the analytics transcript', async () => {
    // Prepare
    const chat = new ChatClient(cli.url, TENANT, 'card-holder');

    // Act: the card in a message, then the conversation goes idle and closes
    await chat.send(`I was charged twice on my card ${CARD}, why?`);
    await chat.waitFor(repliesAtLeast(1));
    await chat.waitFor((t) => t.status === 'closed', 40_000);
    // The close marks the head first, then stores the transcript.
    const Items = await transcriptItems(chat.conversationId);

    // Assess
    expect(Items).toHaveLength(1);
    const analytics = JSON.stringify(Items);
    expect(analytics).toContain('[CARD_1]');
    expect(analytics).not.toMatch(CARD_DIGITS);
    expect(cli.output()).toContain('"level":"DEBUG"');
    expect(cli.output()).not.toMatch(CARD_DIGITS);
  }, 90_000);
});
