import { SendTaskHeartbeatCommand, TaskTimedOut } from '@aws-sdk/client-sfn';
import { BASE, call, given, handoff, sfn, TASK_TOKEN } from './agent-api-world';

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
