import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { sha256Hex } from '../../functions/shared/secrets';
import type { Conversation } from '../../schemas/conversation';
import {
  AT,
  CONVERSATION,
  ddb,
  given,
  head,
  message,
  post,
  putsOf,
  resetWorld,
  sfn,
  TEXT,
  TOKEN,
  validBody,
} from './chat-inbound-world';

beforeEach(() => {
  resetWorld();
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
