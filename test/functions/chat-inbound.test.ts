import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  ExecutionAlreadyExists,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../functions/chat-inbound/handler';
import type { HttpResult } from '../../functions/shared/http';
import { logger } from '../../functions/shared/observability';
import { sha256Hex } from '../../functions/shared/secrets';
import { clearTenantCache } from '../../functions/shared/tenants';
import type { Conversation } from '../../schemas/conversation';
import type { Message } from '../../schemas/message';
import { httpEvent } from '../support/http-event';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);

const AT = '2026-12-03T10:00:00.000Z';
const TOKEN = 'customer-token-1';
const CONVERSATION = 'conv-1';
const MESSAGES_PATH = `/tenants/demo/conversations/${CONVERSATION}/messages`;
const READ_PATH = `/tenants/demo/conversations/${CONVERSATION}`;
const TEXT = 'Where is my order #W1234567?';

const TENANT_CONFIG = {
  tenantId: 'demo',
  displayName: 'Demo Store',
  persona: { name: 'Ava', company: 'Demo Store' },
  languages: ['en'],
};

const head = (overrides: Partial<Conversation> = {}): Conversation => ({
  tenantId: 'demo',
  conversationId: CONVERSATION,
  customerId: 'cust-1',
  channel: 'web',
  status: 'active',
  segment: 1,
  customerTokenSha256: sha256Hex(TOKEN),
  lastSequence: 2,
  lastAnswered: 2,
  turns: 1,
  handoffUnanswered: false,
  createdAt: AT,
  updatedAt: AT,
  ...overrides,
});

const message = (sequence: number, overrides: Partial<Message> = {}) => ({
  tenantId: 'demo',
  conversationId: CONVERSATION,
  sequence,
  messageId: `m-${sequence}`,
  direction: 'inbound',
  sender: 'customer',
  channel: 'web',
  text: `message ${sequence}`,
  at: AT,
  ...overrides,
});

interface World {
  /** Tenant configuration item; `null` for an unknown tenant. */
  tenant?: object | null;
  /** Head as read before storing, then as read again after. */
  heads?: (Conversation | undefined)[];
  /** Sequence of an already stored message id. */
  claimedSequence?: number;
  /** Messages a query returns. */
  messages?: object[];
  /** The head already exists when the first message creates it. */
  createLosesRace?: boolean;
  /** Every conditional update of the head fails its condition. */
  updateFails?: boolean;
}

const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });

function given(world: World = {}): void {
  const heads = [...(world.heads ?? [])];
  let lastHead: Conversation | undefined;
  ddb.on(GetCommand).callsFake((input) => {
    if (input.TableName === 'Tenants') {
      const config = world.tenant === undefined ? TENANT_CONFIG : world.tenant;
      return { Item: config ? { config } : undefined };
    }
    if (input.Key.sk === 'META') {
      lastHead = heads.length > 0 ? heads.shift() : lastHead;
      return { Item: lastHead };
    }
    return { Item: { sequence: world.claimedSequence } };
  });
  ddb.on(PutCommand).callsFake((input) => {
    const sk: string = input.Item.sk;
    if (sk.startsWith('MSGID#') && world.claimedSequence) {
      throw conditionFailed();
    }
    if (sk === 'META' && world.createLosesRace) throw conditionFailed();
    return {};
  });
  ddb.on(QueryCommand).resolves({ Items: world.messages ?? [] });
  ddb.on(UpdateCommand).callsFake(() => {
    if (world.updateFails) throw conditionFailed();
    return { Attributes: lastHead };
  });
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec' });
  sfn.on(SendTaskSuccessCommand).resolves({});
}

const context = {
  functionName: 'chat-inbound',
  awsRequestId: 'aws-req-1',
} as Context;

async function call(event: APIGatewayProxyEventV2) {
  const result = (await handler(event, context)) as HttpResult;
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    raw: result.body ?? '',
    body: JSON.parse(result.body || '{}'),
  };
}

const post = (body: unknown, token?: string) =>
  call(httpEvent('POST', MESSAGES_PATH, { body, token }));

const validBody = (overrides: Record<string, unknown> = {}) => ({
  messageId: 'msg-3',
  customerId: 'cust-1',
  text: TEXT,
  ...overrides,
});

const putsOf = (prefix: string) =>
  ddb
    .commandCalls(PutCommand)
    .filter((c) => String(c.args[0].input.Item?.sk).startsWith(prefix));

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  clearTenantCache();
});

describe('POST a message to a new conversation', () => {
  it('creates the conversation, stores the message and starts segment 1', async () => {
    // Prepare
    given({ heads: [undefined] });

    // Act
    const response = await post(validBody({ messageId: 'msg-1' }));

    // Assess
    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      conversationId: CONVERSATION,
      sequence: 1,
      duplicate: false,
      customerToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const [created] = putsOf('META');
    expect(created?.args[0].input.Item).toMatchObject({
      customerId: 'cust-1',
      channel: 'web',
      segment: 1,
      customerTokenSha256: sha256Hex(response.body.customerToken),
    });
    expect(putsOf('MSG#')[0]?.args[0].input.Item).toMatchObject({
      sequence: 1,
      messageId: 'msg-1',
      direction: 'inbound',
      sender: 'customer',
      channel: 'web',
      text: TEXT,
    });
    const [start] = sfn.commandCalls(StartExecutionCommand);
    expect(start?.args[0].input.name).toBe('demo_conv-1_1');
    expect(start?.args[0].input.stateMachineArn).toBe(
      process.env.CONVERSATION_STATE_MACHINE_ARN,
    );
    expect(JSON.parse(start?.args[0].input.input ?? '')).toEqual({
      tenantId: 'demo',
      conversationId: CONVERSATION,
      stateMachineArn: process.env.CONVERSATION_STATE_MACHINE_ARN,
      segment: 1,
      start: 'message',
      limits: {
        idleTimeoutSeconds: 900,
        handoffTimeoutSeconds: 3600,
        handoffHeartbeatSeconds: 900,
        approvalTimeoutSeconds: 3600,
      },
      turn: { index: 0 },
    });
  });

  it('returns 401 and stores nothing when another first message won the race', async () => {
    // Prepare
    given({ heads: [undefined], createLosesRace: true });

    // Act
    const response = await post(validBody({ messageId: 'msg-1' }));

    // Assess
    expect(response.status).toBe(401);
    expect(response.body.message).toMatch(/already exists/);
    expect(putsOf('MSG')).toHaveLength(0);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('logs ids and lengths but never the text', async () => {
    // Prepare
    given({ heads: [undefined] });
    const info = jest.spyOn(logger, 'info');

    // Act
    await post(validBody({ messageId: 'msg-1' }));

    // Assess
    const logged = JSON.stringify(info.mock.calls);
    expect(logged).toContain('"text_length":28');
    expect(logged).not.toContain('W1234567');
    info.mockRestore();
  });
});

describe('POST a message to an existing conversation', () => {
  it('wakes a waiting workflow with the message sequence', async () => {
    // Prepare
    const waiting = head({ waitToken: 'wait-token-1', waitKind: 'customer' });
    given({ heads: [head(), waiting], messages: [message(2)] });

    // Act
    const response = await post(validBody(), TOKEN);

    // Assess
    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      conversationId: CONVERSATION,
      sequence: 3,
      duplicate: false,
    });
    const [wake] = sfn.commandCalls(SendTaskSuccessCommand);
    expect(wake?.args[0].input).toEqual({
      taskToken: 'wait-token-1',
      output: JSON.stringify({ reason: 'message', sequence: 3 }),
    });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
    expect(response.raw).not.toContain('wait-token-1');
  });

  it('reopens a closed conversation as the next segment', async () => {
    // Prepare
    const closed = head({ status: 'closed', segment: 2 });
    given({ heads: [closed, closed], messages: [message(2)] });

    // Act
    const response = await post(validBody(), TOKEN);

    // Assess
    expect(response.status).toBe(202);
    const [start] = sfn.commandCalls(StartExecutionCommand);
    expect(start?.args[0].input.name).toBe('demo_conv-1_3');
    const reopened = ddb
      .commandCalls(UpdateCommand)
      .find((c) => c.args[0].input.ExpressionAttributeValues?.[':seg'] === 3);
    expect(reopened?.args[0].input.ExpressionAttributeValues).toMatchObject({
      ':f0': 'active',
      ':f1': 3,
    });
  });

  it('leaves the message queued for a busy workflow and ensures it runs', async () => {
    // Prepare
    given({ heads: [head(), head()], messages: [message(2)] });
    sfn
      .on(StartExecutionCommand)
      .rejects(
        new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }),
      );

    // Act
    const response = await post(validBody(), TOKEN);

    // Assess
    expect(response.status).toBe(202);
    const [start] = sfn.commandCalls(StartExecutionCommand);
    expect(start?.args[0].input.name).toBe('demo_conv-1_1');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('returns duplicate for a repeated message id and stores nothing new', async () => {
    // Prepare
    const waiting = head({ waitToken: 'wait-token-1', lastAnswered: 3 });
    given({ heads: [head(), waiting], claimedSequence: 3 });

    // Act
    const response = await post(validBody(), TOKEN);

    // Assess
    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      conversationId: CONVERSATION,
      sequence: 3,
      duplicate: true,
    });
    expect(putsOf('MSG#')).toHaveLength(0);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('still wakes the workflow for a repeat of an unanswered message', async () => {
    // Prepare
    const waiting = head({ waitToken: 'wait-token-1' });
    given({ heads: [head(), waiting], claimedSequence: 3 });

    // Act
    const response = await post(validBody(), TOKEN);

    // Assess
    expect(response.body.duplicate).toBe(true);
    expect(response.body.customerToken).toBeUndefined();
    expect(putsOf('MSG#')).toHaveLength(0);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  it.each([
    ['no token', undefined, 'Missing Authorization'],
    ['a wrong token', 'someone-else', 'does not match'],
  ])('returns 401 with %s and stores nothing', async (_, token, message) => {
    // Prepare
    given({ heads: [head()] });

    // Act
    const response = await post(validBody(), token);

    // Assess
    expect(response.status).toBe(401);
    expect(response.body.message).toContain(message);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('returns 401 when the customer id is not the conversation’s', async () => {
    // Prepare
    given({ heads: [head()] });

    // Act
    const response = await post(validBody({ customerId: 'cust-2' }), TOKEN);

    // Assess
    expect(response.status).toBe(401);
    expect(response.body.message).toMatch(/customerId/);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });
});

describe('POST the first message again without its token', () => {
  /** A conversation started a minute ago whose first answer was lost. */
  const started = (overrides: Partial<Conversation> = {}) =>
    head({
      createdAt: new Date(Date.now() - 60_000).toISOString(),
      lastSequence: 1,
      lastAnswered: 0,
      turns: 0,
      ...overrides,
    });
  const firstMessage = message(1, { messageId: 'msg-1' });

  it('issues a new token and keeps the message once', async () => {
    // Prepare
    given({
      heads: [started()],
      claimedSequence: 1,
      messages: [firstMessage],
    });

    // Act
    const response = await post(validBody({ messageId: 'msg-1' }));

    // Assess
    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      conversationId: CONVERSATION,
      sequence: 1,
      duplicate: true,
      customerToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const [update] = ddb.commandCalls(UpdateCommand);
    const input = update?.args[0].input;
    expect(Object.values(input?.ExpressionAttributeValues ?? {})).toEqual(
      expect.arrayContaining([
        sha256Hex(TOKEN),
        sha256Hex(response.body.customerToken),
      ]),
    );
    expect(input?.ConditionExpression).toContain('customerTokenSha256 = :lost');
    expect(putsOf('MSG#')).toHaveLength(0);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  it('stores and answers the message when the first attempt stopped after the head', async () => {
    // Prepare
    given({ heads: [started({ lastSequence: 0 })], messages: [] });

    // Act
    const response = await post(validBody({ messageId: 'msg-1' }));

    // Assess
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ sequence: 1, duplicate: false });
    expect(response.body.customerToken).toBeDefined();
    expect(putsOf('MSG#')[0]?.args[0].input.Item).toMatchObject({
      sequence: 1,
      messageId: 'msg-1',
      text: TEXT,
    });
    const [start] = sfn.commandCalls(StartExecutionCommand);
    expect(start?.args[0].input.name).toBe('demo_conv-1_1');
  });

  it.each([
    ['another message id', { body: { messageId: 'msg-2' } }],
    ['another customer', { body: { messageId: 'msg-1', customerId: 'x' } }],
    [
      'a conversation started long ago',
      { body: { messageId: 'msg-1' }, createdAt: AT },
    ],
  ])('returns 401 for %s and changes nothing', async (_, change) => {
    // Prepare
    const createdAt = 'createdAt' in change ? change.createdAt : undefined;
    given({
      heads: [started(createdAt ? { createdAt } : {})],
      claimedSequence: 1,
      messages: [firstMessage],
    });

    // Act
    const response = await post(validBody(change.body));

    // Assess
    expect(response.status).toBe(401);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('returns 401 when a concurrent retry replaced the token first', async () => {
    // Prepare
    given({
      heads: [started()],
      claimedSequence: 1,
      messages: [firstMessage],
      updateFails: true,
    });

    // Act
    const response = await post(validBody({ messageId: 'msg-1' }));

    // Assess
    expect(response.status).toBe(401);
    expect(response.body.message).toMatch(/same time/);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('never treats a request with a wrong token as a retry', async () => {
    // Prepare
    given({
      heads: [started()],
      claimedSequence: 1,
      messages: [firstMessage],
    });

    // Act
    const response = await post(validBody({ messageId: 'msg-1' }), 'guess');

    // Assess
    expect(response.status).toBe(401);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });
});

describe('POST with bad input', () => {
  it.each([
    ['malformed JSON', '{"messageId": "m1", ', /not valid JSON/],
    ['an empty body', '', /empty/],
    ['a missing text', { messageId: 'm1', customerId: 'c1' }, /text/],
    ['a missing messageId', { customerId: 'c1', text: 'hi' }, /messageId/],
    ['an unknown field', { ...validBody(), extra: 1 }, /extra/],
    ['a blank text', validBody({ text: '   ' }), /text must not be empty/],
    [
      'text over 4000 characters',
      validBody({ text: 'a'.repeat(4001) }),
      /4000/,
    ],
    ['a 100 KB text', validBody({ text: 'a'.repeat(100_000) }), /32768 bytes/],
    ['control characters', validBody({ text: 'hi\u0007' }), /control/],
    ['a bad message id', validBody({ messageId: 'a b' }), /messageId/],
  ])('returns 400 for %s before touching storage', async (_, body, message) => {
    // Prepare
    given();

    // Act
    const response = await post(body);

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('ValidationError');
    expect(response.body.message).toMatch(message);
    expect(ddb.calls()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it.each([
    ['/tenants/Demo_1/conversations/conv-1/messages', /tenantId/],
    ['/tenants/demo/conversations/conv%201/messages', /conversationId/],
  ])('returns 400 naming the bad path parameter of %s', async (path, field) => {
    // Prepare
    given();

    // Act
    const response = await call(httpEvent('POST', path, { body: validBody() }));

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(field);
  });

  it('returns 404 for an unknown tenant and stores nothing', async () => {
    // Prepare
    given({ tenant: null });

    // Act
    const response = await post(validBody());

    // Assess
    expect(response.status).toBe(404);
    expect(response.body.message).toMatch(/Unknown tenant demo/);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });
});

describe('GET a conversation', () => {
  const read = (token?: string, query?: Record<string, string>) =>
    call(httpEvent('GET', READ_PATH, { token, query }));

  it('returns the status and messages without notes', async () => {
    // Prepare
    const citations = [{ id: 'faq-1', title: 'Returns', url: 'https://x.y' }];
    given({
      heads: [head({ status: 'handoff' })],
      messages: [
        message(3),
        message(4, { sender: 'note', text: 'agent note' }),
        message(5, {
          sender: 'assistant',
          direction: 'outbound',
          citations,
          offlineModel: true,
        }),
      ],
    });

    // Act
    const response = await read(TOKEN, { after: '2' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'handoff',
      messages: [
        { sequence: 3, role: 'customer', text: 'message 3', at: AT },
        {
          sequence: 5,
          role: 'assistant',
          text: 'message 5',
          at: AT,
          citations,
          offlineModel: true,
        },
      ],
    });
    const [query] = ddb.commandCalls(QueryCommand);
    expect(query?.args[0].input.ExpressionAttributeValues?.[':from']).toBe(
      'MSG#0000000003',
    );
  });

  it('returns at most 100 messages and where to go on', async () => {
    // Prepare
    const page = Array.from({ length: 101 }, (_, i) => message(i + 1));
    given({ heads: [head()], messages: page });

    // Act
    const response = await read(TOKEN);

    // Assess
    expect(response.body.messages).toHaveLength(100);
    expect(response.body.nextAfter).toBe(100);
    const [query] = ddb.commandCalls(QueryCommand);
    expect(query?.args[0].input.Limit).toBe(101);
  });

  it.each([
    ['no token', undefined],
    ['a wrong token', 'someone-else'],
  ])('returns 401 with %s', async (_, token) => {
    // Prepare
    given({ heads: [head()] });

    // Act
    const response = await read(token);

    // Assess
    expect(response.status).toBe(401);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('returns 401 for an unknown conversation without a token', async () => {
    // Prepare
    given({ heads: [undefined] });

    // Act
    const response = await read();

    // Assess
    expect(response.status).toBe(401);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('returns 404 for an unknown conversation with a token', async () => {
    // Prepare
    given({ heads: [undefined] });

    // Act
    const response = await read(TOKEN);

    // Assess
    expect(response.status).toBe(404);
  });

  it.each([['-1'], ['abc'], ['1.5']])(
    'returns 400 for after=%s',
    async (after) => {
      // Prepare
      given({ heads: [head()] });

      // Act
      const response = await read(TOKEN, { after });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/after/);
    },
  );
});

describe('routing', () => {
  it('returns 404 for an unknown route', async () => {
    // Act
    const response = await call(httpEvent('GET', '/tenants/demo/nothing'));

    // Assess
    expect(response.status).toBe(404);
    expect(response.body.error).toBe('NotFound');
  });

  it('returns 405 with the allowed method for a wrong method', async () => {
    // Act
    const response = await call(httpEvent('DELETE', MESSAGES_PATH));

    // Assess
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('POST');
  });
});
