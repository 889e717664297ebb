import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { noteMessageId } from '../../functions/agent-api/decide';
import {
  AGENT_TOKEN,
  BASE,
  call,
  ddb,
  decisionOutput,
  given,
  HANDOFF_ID,
  handoff,
} from './agent-api-world';

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
