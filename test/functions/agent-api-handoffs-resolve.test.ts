import {
  InvalidToken,
  SendTaskSuccessCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  BASE,
  call,
  ddb,
  decisionOutput,
  given,
  HANDOFF_ID,
  handoff,
  handoffUpdates,
  head,
  sfn,
  TASK_TOKEN,
} from './agent-api-world';

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
