import {
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  AGENT_TOKEN,
  AT,
  BASE,
  call,
  claims,
  conditionFailed,
  ddb,
  given,
  handoff,
  handoffUpdates,
  sfn,
} from './agent-api-world';

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
