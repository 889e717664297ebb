import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  InvalidToken,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { noteMessageId } from '../../functions/agent-api/decide';
import { handler } from '../../functions/agent-api/handler';
import type { HttpResult } from '../../functions/shared/http';
import { logger } from '../../functions/shared/observability';
import { sha256Hex } from '../../functions/shared/secrets';
import type { Conversation } from '../../schemas/conversation';
import type { Handoff } from '../../schemas/handoff';
import { httpEvent } from '../support/http-event';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);

const AT = '2026-12-03T10:00:00.000Z';
const AGENT_TOKEN = 'agent-token-1';
const TASK_TOKEN = 'task-token-secret-1';
const HANDOFF_ID = 'conv-1-1-2';
const BASE = `/tenants/demo/handoffs/${HANDOFF_ID}`;

const handoff = (overrides: Partial<Handoff> = {}): Handoff => ({
  tenantId: 'demo',
  handoffId: HANDOFF_ID,
  conversationId: 'conv-1',
  segment: 1,
  status: 'open',
  reason: 'customer_request',
  summary: 'Wants a refund for order #W1234567',
  createdAt: AT,
  updatedAt: AT,
  ...overrides,
});

const stored = (h: Handoff) => ({
  pk: `T#demo#H#${h.handoffId}`,
  sk: 'HANDOFF',
  ...h,
  ...(h.status === 'open' ? { taskToken: TASK_TOKEN } : {}),
});

const head: Conversation = {
  tenantId: 'demo',
  conversationId: 'conv-1',
  customerId: 'cust-1',
  channel: 'web',
  status: 'handoff',
  segment: 1,
  customerTokenSha256: sha256Hex('customer'),
  lastSequence: 4,
  lastAnswered: 3,
  turns: 2,
  handoffUnanswered: false,
  createdAt: AT,
  updatedAt: AT,
};

/** The handoff store: Get returns `current`; Update applies the decision. */
function given(current: Handoff | undefined): void {
  ddb.on(GetCommand).callsFake((input) => {
    if (input.Key.sk === 'META') return { Item: head };
    return { Item: current ? stored(current) : undefined };
  });
  ddb.on(UpdateCommand).callsFake((input) => {
    const values = input.ExpressionAttributeValues ?? {};
    if (input.Key.sk === 'META') return { Attributes: head };
    return {
      Attributes: {
        ...stored(handoff()),
        status: values[':s'],
        updatedAt: values[':u'],
        ...(values[':agentId'] ? { agentId: values[':agentId'] } : {}),
        ...(values[':note'] ? { note: values[':note'] } : {}),
      },
    };
  });
  ddb.on(PutCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  sfn.on(SendTaskSuccessCommand).resolves({});
  sfn.on(SendTaskHeartbeatCommand).resolves({});
}

const context = { functionName: 'agent-api' } as Context;

async function call(
  method: string,
  path: string,
  options: {
    token?: string;
    body?: unknown;
    query?: Record<string, string>;
  } = {
    token: AGENT_TOKEN,
  },
) {
  const event = httpEvent(method, path, options);
  const result = (await handler(event, context)) as HttpResult;
  const raw = result.body ?? '';
  // No answer, whatever its status, ever carries a task token.
  expect(raw).not.toContain(TASK_TOKEN);
  expect(raw).not.toContain('taskToken');
  return { status: result.statusCode, raw, body: raw ? JSON.parse(raw) : {} };
}

const decisionOutput = () =>
  JSON.parse(
    sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input.output ?? '{}',
  );

/** Updates that move the handoff to another status. */
const handoffUpdates = () =>
  ddb
    .commandCalls(UpdateCommand)
    .filter(
      (c) =>
        c.args[0].input.Key?.sk === 'HANDOFF' &&
        c.args[0].input.ExpressionAttributeValues?.[':s'] !== undefined,
    );

/** Updates that hold the handoff for an agent's decision. */
const claims = () =>
  ddb
    .commandCalls(UpdateCommand)
    .filter((c) => c.args[0].input.UpdateExpression === 'SET deciding = :d');

const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  process.env.AGENT_TOKEN_SHA256 = sha256Hex(AGENT_TOKEN);
});

afterAll(() => {
  delete process.env.AGENT_TOKEN_SHA256;
});

describe('GET /tenants/{tenantId}/handoffs', () => {
  it('lists the open handoffs without their task tokens', async () => {
    // Prepare
    given(undefined);
    ddb.on(QueryCommand).resolves({ Items: [stored(handoff())] });

    // Act
    const response = await call('GET', '/tenants/demo/handoffs', {
      token: AGENT_TOKEN,
      query: { status: 'open' },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      handoffs: [
        {
          handoffId: HANDOFF_ID,
          conversationId: 'conv-1',
          status: 'open',
          reason: 'customer_request',
          summary: 'Wants a refund for order #W1234567',
          createdAt: AT,
          updatedAt: AT,
        },
      ],
    });
    const [query] = ddb.commandCalls(QueryCommand);
    expect(query?.args[0].input.ExpressionAttributeValues).toEqual({
      ':pk': 'T#demo#HANDOFFS#open',
    });
  });

  it('pages with nextToken, starting the next query where the last ended', async () => {
    // Prepare
    given(undefined);
    const lastKey = {
      pk: 'T#demo#H#h-1',
      sk: 'HANDOFF',
      gsi1pk: 'T#demo#HANDOFFS#open',
      gsi1sk: `${AT}#h-1`,
    };
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [stored(handoff())], LastEvaluatedKey: lastKey })
      .resolves({ Items: [] });

    // Act
    const first = await call('GET', '/tenants/demo/handoffs', {
      token: AGENT_TOKEN,
      query: { limit: '1' },
    });
    const second = await call('GET', '/tenants/demo/handoffs', {
      token: AGENT_TOKEN,
      query: { limit: '1', nextToken: first.body.nextToken },
    });

    // Assess
    expect(first.body.handoffs).toHaveLength(1);
    expect(first.body.nextToken).toEqual(expect.any(String));
    expect(JSON.stringify(first.body)).not.toContain('taskToken');
    expect(second.body).toEqual({ handoffs: [] });
    const [, next] = ddb.commandCalls(QueryCommand);
    expect(next?.args[0].input).toMatchObject({
      Limit: 1,
      ExclusiveStartKey: lastKey,
    });
  });

  it('returns 400 for a nextToken of another tenant', async () => {
    // Prepare
    const other = Buffer.from(
      JSON.stringify({
        pk: 'T#acme#H#h-1',
        sk: 'HANDOFF',
        gsi1pk: 'T#acme#HANDOFFS#open',
        gsi1sk: `${AT}#h-1`,
      }),
    ).toString('base64url');

    // Act
    const response = await call('GET', '/tenants/demo/handoffs', {
      token: AGENT_TOKEN,
      query: { nextToken: other },
    });

    // Assess
    expect(response.status).toBe(400);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('returns 400 for an unknown status', async () => {
    // Act
    const response = await call('GET', '/tenants/demo/handoffs', {
      token: AGENT_TOKEN,
      query: { status: 'lost' },
    });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/status/);
  });
});

describe('POST .../resolve', () => {
  it('completes the handoff task as resolved and records the agent', async () => {
    // Prepare
    given(handoff());

    // Act
    const response = await call('POST', `${BASE}/resolve`);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.handoff).toMatchObject({
      handoffId: HANDOFF_ID,
      status: 'resolved',
      agentId: 'agent',
    });
    const [success] = sfn.commandCalls(SendTaskSuccessCommand);
    expect(success?.args[0].input.taskToken).toBe(TASK_TOKEN);
    expect(decisionOutput()).toEqual({
      outcome: 'resolved',
      handoffId: HANDOFF_ID,
    });
    expect(handoffUpdates()).toHaveLength(1);
  });

  it('marks what the customer wrote during the handoff as answered', async () => {
    // Prepare
    given(handoff());

    // Act
    await call('POST', `${BASE}/resolve`);

    // Assess
    const headUpdate = ddb
      .commandCalls(UpdateCommand)
      .find((c) => c.args[0].input.Key?.sk === 'META');
    expect(headUpdate?.args[0].input.ExpressionAttributeValues).toMatchObject({
      ':s': head.lastSequence,
    });
  });

  it('returns 404 for an unknown handoff', async () => {
    // Prepare
    given(undefined);

    // Act
    const response = await call('POST', `${BASE}/resolve`);

    // Assess
    expect(response.status).toBe(404);
    expect(sfn.calls()).toHaveLength(0);
  });

  it.each([
    ['resolved', /already resolved/],
    ['handed_back', /already handed back/],
    ['expired', /expired/],
  ] as const)('returns 409 for a %s handoff', async (status, message) => {
    // Prepare
    given(handoff({ status }));

    // Act
    const response = await call('POST', `${BASE}/resolve`);

    // Assess
    expect(response.status).toBe(409);
    expect(response.body.message).toMatch(message);
    expect(sfn.calls()).toHaveLength(0);
  });

  it.each([
    ['TaskTimedOut', new TaskTimedOut({ message: 'gone', $metadata: {} })],
    ['InvalidToken', new InvalidToken({ message: 'bad', $metadata: {} })],
  ])('marks the handoff expired and returns 409 on %s', async (_, error) => {
    // Prepare
    given(handoff());
    sfn.on(SendTaskSuccessCommand).rejects(error);

    // Act
    const response = await call('POST', `${BASE}/resolve`);

    // Assess
    expect(response.status).toBe(409);
    expect(response.body.message).toMatch(/has expired/);
    const [update] = handoffUpdates();
    expect(update?.args[0].input.ExpressionAttributeValues?.[':s']).toBe(
      'expired',
    );
  });
});

describe('two agents on one handoff', () => {
  const DECIDING = {
    outcome: 'resolved' as const,
    agentId: 'kim',
    at: AT,
  };

  it('holds the handoff for the deciding agent before telling the workflow', async () => {
    // Prepare
    given(handoff());

    // Act
    await call('POST', `${BASE}/resolve`);

    // Assess
    const [claim] = claims();
    expect(claim?.args[0].input.ExpressionAttributeValues).toMatchObject({
      ':d': { outcome: 'resolved', agentId: 'agent' },
    });
    const [success] = sfn.commandCalls(SendTaskSuccessCommand);
    expect(success && claim?.calledBefore(success as never)).toBe(true);
  });

  it('returns 409 to a second agent while another decides, telling nothing', async () => {
    // Prepare
    given(handoff());
    ddb
      .on(UpdateCommand, { UpdateExpression: 'SET deciding = :d' })
      .rejects(conditionFailed());

    // Act
    const response = await call('POST', `${BASE}/hand-back`, {
      token: AGENT_TOKEN,
      body: { note: 'mine' },
    });

    // Assess
    expect(response.status).toBe(409);
    expect(response.body.message).toMatch(/another agent/);
    expect(sfn.calls()).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('leaves a handoff another agent is deciding as it is when its wait ended', async () => {
    // Prepare: another agent's resolve used the token a moment ago
    given(handoff({ deciding: DECIDING }));
    sfn
      .on(SendTaskHeartbeatCommand)
      .rejects(new TaskTimedOut({ message: 'gone', $metadata: {} }));

    // Act
    const response = await call('POST', `${BASE}/heartbeat`);

    // Assess
    expect(response.status).toBe(409);
    expect(response.body.message).toMatch(/decided by another agent/);
    expect(handoffUpdates()).toHaveLength(0);
  });
});

describe('POST .../hand-back', () => {
  it('stores the note, completes the task and gives the conversation back', async () => {
    // Prepare
    given(handoff());

    // Act
    const response = await call('POST', `${BASE}/hand-back`, {
      token: AGENT_TOKEN,
      body: { note: 'Refund approved; tell the customer.' },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.handoff).toMatchObject({
      status: 'handed_back',
      agentId: 'agent',
      note: 'Refund approved; tell the customer.',
    });
    const note = ddb
      .commandCalls(PutCommand)
      .find((c) => c.args[0].input.Item?.sender === 'note');
    expect(note?.args[0].input.Item).toMatchObject({
      messageId: `handback-${HANDOFF_ID}`,
      direction: 'inbound',
      channel: 'web',
      text: 'Refund approved; tell the customer.',
    });
    expect(decisionOutput()).toEqual({
      outcome: 'handed_back',
      handoffId: HANDOFF_ID,
    });
    const active = ddb
      .commandCalls(UpdateCommand)
      .filter((c) => c.args[0].input.Key?.sk === 'META')
      .at(-1);
    expect(active?.args[0].input).toMatchObject({
      ConditionExpression: 'attribute_exists(pk) AND (#seg = :seg)',
      ExpressionAttributeValues: expect.objectContaining({
        ':seg': 1,
        ':f0': 'active',
      }),
    });
  });

  it('stores no note when the body is empty', async () => {
    // Prepare
    given(handoff());

    // Act
    const response = await call('POST', `${BASE}/hand-back`);

    // Assess
    expect(response.status).toBe(200);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(decisionOutput().outcome).toBe('handed_back');
  });

  it('returns 409 and stores no note for a handoff no longer open', async () => {
    // Prepare
    given(handoff({ status: 'resolved' }));

    // Act
    const response = await call('POST', `${BASE}/hand-back`, {
      token: AGENT_TOKEN,
      body: { note: 'too late' },
    });

    // Assess
    expect(response.status).toBe(409);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('returns 400 for a note over 2000 characters', async () => {
    // Prepare
    given(handoff());

    // Act
    const response = await call('POST', `${BASE}/hand-back`, {
      token: AGENT_TOKEN,
      body: { note: 'n'.repeat(2001) },
    });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/note/);
  });

  it('derives a short note message id from a long handoff id', () => {
    // Act
    const id = noteMessageId(`${'c'.repeat(48)}-123456-123456`);

    // Assess
    expect(id).toMatch(/^handback-[0-9a-f]{55}$/);
  });
});

describe('POST .../heartbeat', () => {
  it('sends a task heartbeat and returns 204', async () => {
    // Prepare
    given(handoff());

    // Act
    const response = await call('POST', `${BASE}/heartbeat`);

    // Assess
    expect(response.status).toBe(204);
    const [beat] = sfn.commandCalls(SendTaskHeartbeatCommand);
    expect(beat?.args[0].input).toEqual({ taskToken: TASK_TOKEN });
  });

  it('returns 409 when the wait already timed out', async () => {
    // Prepare
    given(handoff());
    sfn
      .on(SendTaskHeartbeatCommand)
      .rejects(new TaskTimedOut({ message: 'gone', $metadata: {} }));

    // Act
    const response = await call('POST', `${BASE}/heartbeat`);

    // Assess
    expect(response.status).toBe(409);
  });
});

describe('GET .../messages', () => {
  const message = (sequence: number, sender: string, text: string) => ({
    pk: 'T#demo#C#conv-1',
    sk: `MSG#${String(sequence).padStart(10, '0')}`,
    tenantId: 'demo',
    conversationId: 'conv-1',
    sequence,
    messageId: `m-${sequence}`,
    direction: sender === 'customer' ? 'inbound' : 'outbound',
    sender,
    channel: 'web',
    text,
    at: AT,
  });

  it('returns the handoff and every message of its conversation', async () => {
    // Prepare
    given(handoff());
    ddb.on(QueryCommand).resolves({
      Items: [
        message(1, 'customer', 'Refund my order #W1234567'),
        message(2, 'assistant', 'Let me connect you with our team.'),
        message(3, 'note', 'Check the carrier first.'),
      ],
    });

    // Act
    const response = await call('GET', `${BASE}/messages`, {
      token: AGENT_TOKEN,
      query: { after: '0' },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.handoff).toMatchObject({
      handoffId: HANDOFF_ID,
      summary: 'Wants a refund for order #W1234567',
    });
    expect(response.body.messages).toEqual([
      {
        sequence: 1,
        role: 'customer',
        text: 'Refund my order #W1234567',
        at: AT,
      },
      {
        sequence: 2,
        role: 'assistant',
        text: 'Let me connect you with our team.',
        at: AT,
      },
      { sequence: 3, role: 'note', text: 'Check the carrier first.', at: AT },
    ]);
    expect(response.body.nextAfter).toBeUndefined();
    const [query] = ddb.commandCalls(QueryCommand);
    expect(query?.args[0].input.ExpressionAttributeValues).toMatchObject({
      ':pk': 'T#demo#C#conv-1',
    });
  });

  it('says where to go on after 100 messages', async () => {
    // Prepare
    given(handoff());
    ddb.on(QueryCommand).resolves({
      Items: Array.from({ length: 101 }, (_, i) =>
        message(i + 1, 'customer', `message ${i + 1}`),
      ),
    });

    // Act
    const response = await call('GET', `${BASE}/messages`);

    // Assess
    expect(response.body.messages).toHaveLength(100);
    expect(response.body.nextAfter).toBe(100);
  });

  it('returns 404 for an unknown handoff', async () => {
    // Prepare
    given(undefined);

    // Act
    const response = await call('GET', `${BASE}/messages`);

    // Assess
    expect(response.status).toBe(404);
  });
});

describe('POST .../messages', () => {
  const post = (body: unknown) =>
    call('POST', `${BASE}/messages`, { token: AGENT_TOKEN, body });

  it('stores the agent message for the customer and keeps the wait alive', async () => {
    // Prepare
    given(handoff());
    const info = jest.spyOn(logger, 'info');

    // Act
    const response = await post({ messageId: 'a-1', text: 'Hi, I am Sam.' });

    // Assess
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ sequence: 1, duplicate: false });
    const stored = ddb
      .commandCalls(PutCommand)
      .map((c) => c.args[0].input.Item)
      .find((item) => String(item?.sk).startsWith('MSG#'));
    expect(stored).toMatchObject({
      messageId: 'agent-a-1',
      direction: 'outbound',
      sender: 'agent',
      channel: 'web',
      text: 'Hi, I am Sam.',
    });
    expect(sfn.commandCalls(SendTaskHeartbeatCommand)).toHaveLength(1);
    expect(JSON.stringify(info.mock.calls)).not.toContain('I am Sam');
    info.mockRestore();
  });

  it('returns 409 and stores nothing once the handoff is decided', async () => {
    // Prepare
    given(handoff({ status: 'resolved' }));

    // Act
    const response = await post({ messageId: 'a-2', text: 'Still there?' });

    // Assess
    expect(response.status).toBe(409);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('returns 409 and stores nothing when the wait timed out', async () => {
    // Prepare
    given(handoff());
    sfn
      .on(SendTaskHeartbeatCommand)
      .rejects(new TaskTimedOut({ message: 'gone', $metadata: {} }));

    // Act
    const response = await post({ messageId: 'a-3', text: 'Hello?' });

    // Assess
    expect(response.status).toBe(409);
    const messages = ddb
      .commandCalls(PutCommand)
      .filter((c) => String(c.args[0].input.Item?.sk).startsWith('MSG'));
    expect(messages).toHaveLength(0);
  });

  it.each([
    ['no text', { messageId: 'a-4' }],
    ['blank text', { messageId: 'a-4', text: '   ' }],
    ['a bad message id', { messageId: 'a b', text: 'Hi' }],
    ['an unknown field', { messageId: 'a-4', text: 'Hi', to: 'x' }],
  ])('returns 400 for %s before reading anything', async (_, body) => {
    // Prepare
    given(handoff());

    // Act
    const response = await post(body);

    // Assess
    expect(response.status).toBe(400);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('agent authentication', () => {
  it.each([
    ['no token', undefined, /Missing Authorization/],
    ['a wrong token', 'not-the-agent', /not valid/],
  ])(
    'returns 401 with %s before reading anything',
    async (_, token, message) => {
      // Prepare
      given(handoff());

      // Act
      const response = await call('POST', `${BASE}/resolve`, { token });

      // Assess
      expect(response.status).toBe(401);
      expect(response.body.message).toMatch(message);
      expect(ddb.calls()).toHaveLength(0);
      expect(sfn.calls()).toHaveLength(0);
    },
  );

  it('refuses the shared token when none is configured', async () => {
    // Prepare
    given(handoff());
    process.env.AGENT_TOKEN_SHA256 = '';

    // Act
    const response = await call('GET', '/tenants/demo/handoffs');

    // Assess
    expect(response.status).toBe(401);
    expect(response.body.message).toMatch(/not valid/);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('returns 400 naming a bad handoff id', async () => {
    // Act
    const response = await call('POST', '/tenants/demo/handoffs/a.b/resolve');

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/handoffId/);
  });
});
