import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { conversationPk } from '../../functions/shared/keys';
import { agentCall, ChatClient } from '../support/chat';
import {
  makeTestTenant,
  type RunningCli,
  startCli,
  tempDataDir,
} from '../support/cli';

/** A marker no log line may ever contain: customer text stays out of logs. */
const SECRET = 'zebracorn-7731';

const transcriptItems = async (
  cli: RunningCli,
  tenantId: string,
  id: string,
) => {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: cli.dynamodb, region: 'us-east-1' }),
  );
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: 'Conversations',
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
      ExpressionAttributeValues: {
        ':pk': conversationPk(tenantId, id),
        ':msg': 'MSG#',
      },
    }),
  );
  client.destroy();
  return Items;
};

const lastRole = (role: string) => (t: { messages: { role: string }[] }) =>
  t.messages.at(-1)?.role === role;

describe('the local runtime, end to end over HTTP', () => {
  let cli: RunningCli;
  const dataDir = tempDataDir();
  const tenantDir = makeTestTenant('e2e', {
    idleTimeoutSeconds: 4,
    handoffTimeoutSeconds: 60,
    handoffHeartbeatSeconds: 30,
  });

  beforeAll(async () => {
    cli = await startCli([
      '--data-dir',
      dataDir,
      '--tenant',
      tenantDir,
      '--log-level',
      'DEBUG',
    ]);
  }, 90_000);

  afterAll(async () => {
    await cli?.stop();
  });

  it('holds a four-turn conversation with a tool call, a handoff and an idle close', async () => {
    // Prepare
    const chat = new ChatClient(cli.url, 'e2e', 'maya');

    // Act: a knowledge question
    const first = await chat.send(`How long does shipping take? ${SECRET}`);
    const afterFirst = await chat.waitFor(lastRole('assistant'));

    // Assess
    expect(first.status).toBe(202);
    expect(first.body.customerToken).toEqual(expect.any(String));
    const answer = afterFirst.messages.at(-1);
    expect(answer?.citations?.[0]?.id).toMatch(/^shipping-and-delivery#/);
    expect(answer?.offlineModel).toBe(true);

    // Act: a question that needs a tool
    await chat.send('What is the status of order #W3308846?');
    const afterTool = await chat.waitFor(
      (t) => lastRole('assistant')(t) && t.messages.length >= 4,
    );

    // Assess
    expect(afterTool.messages.at(-1)?.text).toContain('processed');
    expect(afterTool.messages.at(-1)?.text).toContain('780391627633');

    // Act: the customer asks for a person; an agent hands back with a note
    await chat.send('Can I talk to a human please?');
    await chat.waitFor((t) => t.status === 'handoff');
    const open = await agentCall(
      cli.url,
      cli.agentToken,
      'GET',
      '/tenants/e2e/handoffs?status=open',
    );
    const handoffs = open.body.handoffs as {
      handoffId: string;
      conversationId: string;
      summary: string;
    }[];
    const handoff = handoffs.find(
      (h) => h.conversationId === chat.conversationId,
    );
    const read = await agentCall(
      cli.url,
      cli.agentToken,
      'GET',
      `/tenants/e2e/handoffs/${handoff?.handoffId}/messages`,
    );
    const wrote = await agentCall(
      cli.url,
      cli.agentToken,
      'POST',
      `/tenants/e2e/handoffs/${handoff?.handoffId}/messages`,
      { messageId: 'agent-hello', text: 'Hi Maya, Sam here. Checking now.' },
    );
    const seen = await chat.waitFor((t) =>
      t.messages.some((m) => m.role === 'agent'),
    );
    const back = await agentCall(
      cli.url,
      cli.agentToken,
      'POST',
      `/tenants/e2e/handoffs/${handoff?.handoffId}/hand-back`,
      { note: 'Customer is verified; carry on.' },
    );
    await chat.waitFor((t) => t.status === 'active');

    // Assess
    expect(handoff?.summary).toContain('#W3308846');
    expect(JSON.stringify(open.body)).not.toMatch(/token/i);
    const readMessages = read.body.messages as { role: string; text: string }[];
    expect(readMessages.map((m) => m.text)).toContain(
      'Can I talk to a human please?',
    );
    expect(wrote.status).toBe(202);
    expect(seen.messages.find((m) => m.role === 'agent')?.text).toBe(
      'Hi Maya, Sam here. Checking now.',
    );
    expect(back.status).toBe(200);

    // Act: the assistant carries on after the hand-back
    await chat.send('Which payment methods do you accept?');
    const afterHandBack = await chat.waitFor(
      (t) =>
        lastRole('assistant')(t) &&
        t.messages.filter((m) => m.role === 'assistant').length >= 3,
    );

    // Assess
    expect(afterHandBack.messages.at(-1)?.citations?.length).toBeGreaterThan(0);

    // Act: the customer goes quiet past the idle timeout
    // The close marks the head closed, then writes the idle notice.
    const closed = await chat.waitFor(
      (t) => t.status === 'closed' && lastRole('system')(t),
      20_000,
    );

    // Assess: the transcript, as stored in DynamoDB
    expect(closed.messages.at(-1)?.role).toBe('system');
    const items = await transcriptItems(cli, 'e2e', chat.conversationId);
    expect(items.map((m) => m.sequence)).toEqual(items.map((_, i) => i + 1));
    expect(items.filter((m) => m.sender === 'customer')).toHaveLength(4);
    expect(items.filter((m) => m.sender === 'assistant')).toHaveLength(3);
    expect(items.filter((m) => m.sender === 'agent')).toHaveLength(1);
    expect(items.map((m) => m.sender)).toContain('note');
    expect(closed.messages.map((m) => m.role)).not.toContain('note');
    expect(items[0]?.text).toContain(SECRET);
  }, 60_000);

  it.each([
    ['malformed JSON', '{"messageId":', {}, 400],
    ['missing fields', JSON.stringify({ messageId: 'm1' }), {}, 400],
    [
      '100 KB of text',
      JSON.stringify({
        messageId: 'm1',
        customerId: 'c',
        text: 'x'.repeat(100_000),
      }),
      {},
      400,
    ],
    [
      'control characters',
      JSON.stringify({
        messageId: 'm1',
        customerId: 'c',
        text: 'hi\u0000there',
      }),
      {},
      400,
    ],
  ])('answers %s with a clear 4xx', async (_name, body, headers, status) => {
    // Act
    const response = await fetch(
      `${cli.url}/tenants/e2e/conversations/bad-input/messages`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      },
    );
    const payload = (await response.json()) as { message: string };

    // Assess
    expect(response.status).toBe(status);
    expect(payload.message.length).toBeGreaterThan(10);
  });

  it('refuses an unknown tenant and missing or wrong customer tokens', async () => {
    // Prepare
    const chat = new ChatClient(cli.url, 'e2e', 'token-owner');
    await chat.send('Hello');
    const intruder = new ChatClient(
      cli.url,
      'e2e',
      'token-owner',
      chat.conversationId,
    );
    const stranger = new ChatClient(cli.url, 'nobody-here');

    // Act
    const noToken = await intruder.send('Let me in');
    intruder.token = 'wrong-token';
    const wrongToken = await intruder.send('Let me in');
    const unknownTenant = await stranger.send('Hello');
    const read = await fetch(chat.path);
    const health = await fetch(`${cli.url}/health`);

    // Assess
    expect(noToken.status).toBe(401);
    expect(wrongToken.status).toBe(401);
    expect(unknownTenant.status).toBe(404);
    expect(read.status).toBe(401);
    expect(health.status).toBe(200);
  });

  it('gives a new token when the answer to a first message was lost', async () => {
    // Prepare: the first answer, with its token, never reaches the page
    const chat = new ChatClient(cli.url, 'e2e', 'unlucky');
    await chat.send('Hello', 'first-message');
    const lost = chat.token;
    chat.token = undefined;

    // Act: the page sends the same message again, as it does after a failure
    const retried = await chat.send('Hello', 'first-message');
    const answered = await chat.waitFor((t) =>
      t.messages.some((m) => m.role === 'assistant'),
    );
    const stale = new ChatClient(
      cli.url,
      'e2e',
      'unlucky',
      chat.conversationId,
    );
    stale.token = lost;
    const withLostToken = await stale.send('Still there?');

    // Assess
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ sequence: 1, duplicate: true });
    expect(chat.token).toEqual(expect.any(String));
    expect(chat.token).not.toBe(lost);
    expect(answered.messages.filter((m) => m.role === 'customer')).toHaveLength(
      1,
    );
    expect(withLostToken.status).toBe(401);
  });

  it('keeps customer text out of every log line', async () => {
    // Assess: DEBUG level, after the conversations above
    expect(cli.output()).toContain('"level":');
    expect(cli.output()).not.toContain(SECRET);
  });

  it('resumes a waiting conversation after a restart', async () => {
    // Prepare
    const chat = new ChatClient(cli.url, 'demo', 'restart');
    await chat.send('What is your warranty?');
    await chat.waitFor(lastRole('assistant'));

    // Act
    await cli.stop();
    cli = await startCli(['--data-dir', dataDir, '--tenant', tenantDir]);
    const resumed = new ChatClient(
      cli.url,
      'demo',
      'restart',
      chat.conversationId,
    );
    resumed.token = chat.token;
    await resumed.send('How long does shipping take?');
    const transcript = await resumed.waitFor(
      (t) => t.messages.filter((m) => m.role === 'assistant').length === 2,
    );

    // Assess
    expect(transcript.status).toBe('active');
    expect(transcript.messages.map((m) => m.role)).toEqual([
      'customer',
      'assistant',
      'customer',
      'assistant',
    ]);
  }, 90_000);
});
