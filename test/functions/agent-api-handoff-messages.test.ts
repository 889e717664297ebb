import { SendTaskHeartbeatCommand, TaskTimedOut } from '@aws-sdk/client-sfn';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { logger } from '../../functions/shared/observability';
import {
  AGENT_TOKEN,
  AT,
  BASE,
  call,
  ddb,
  given,
  HANDOFF_ID,
  handoff,
  sfn,
} from './agent-api-world';

/** An agent reading a handoff's conversation and writing to its customer. */
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
