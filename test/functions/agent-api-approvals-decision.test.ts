import { logger } from '../../functions/shared/observability';
import {
  APPROVAL_ID,
  agentToken,
  approve,
  CONVERSATION,
  call,
  DECISION,
  decide,
  givenWaiting,
  list,
  refuse,
  resetWorld,
  startWorld,
  stopWorld,
  stored,
  TASK_TOKEN,
  wakes,
} from './agent-api-approvals-world';
import { DEMO, padApproval } from './workflow-steps/demo-changes';

/** POST decision: what a decision records, who made it, and its log. */

beforeAll(startWorld);
afterAll(stopWorld);
beforeEach(resetWorld);

describe('POST /tenants/{tenantId}/approvals/{approvalId}/decision', () => {
  it('approves once, naming who decided, and wakes the workflow', async () => {
    // Prepare
    await givenWaiting();

    // Act
    const { status, body } = await decide(approve);

    // Assess
    expect(status).toBe(200);
    expect(body.approval).toEqual({
      ...padApproval(CONVERSATION),
      status: 'approved',
      decidedBy: 'Sam Rivera (agent)',
      decidedAt: expect.any(String),
      updatedAt: body.approval.decidedAt,
    });
    expect(wakes()).toEqual([
      {
        taskToken: TASK_TOKEN,
        output: JSON.stringify({ approvalId: APPROVAL_ID }),
      },
    ]);
  });

  it('names the agent its own token was made for, whatever the body says', async () => {
    // Prepare
    await givenWaiting();
    const token = await agentToken('sam-rivera', 'Sam Rivera', [DEMO]);

    // Act
    const { status, body } = await call('POST', DECISION, {
      token,
      body: { decision: 'approve', agentName: 'Somebody Else' },
    });

    // Assess
    expect(status).toBe(200);
    expect(body.approval.decidedBy).toBe('Sam Rivera (sam-rivera)');
    expect((await stored()).decidedBy).toBe('Sam Rivera (sam-rivera)');
  });

  it('logs the decision with who made it', async () => {
    // Prepare
    await givenWaiting();
    const info = jest.spyOn(logger, 'info');

    // Act
    await decide(refuse);

    // Assess
    expect(info).toHaveBeenCalledWith('Approval decided', {
      approval_id: APPROVAL_ID,
      status: 'refused',
      decided_by: 'Sam Rivera (agent)',
    });
    info.mockRestore();
  });

  it('keeps the decision as the audit record, without the token', async () => {
    // Prepare
    await givenWaiting();

    // Act
    const { body } = await decide(refuse);

    // Assess
    const item = await stored();
    expect(item).toMatchObject({
      status: 'refused',
      decidedBy: 'Sam Rivera (agent)',
      decidedAt: body.approval.decidedAt,
      note: 'The pad was used on a trip.',
      gsi1pk: 'T#demo#APPROVALS#refused',
    });
    expect(item.taskToken).toBeUndefined();
    expect((await list()).body.approvals).toEqual([]);
    expect((await list({ status: 'refused' })).body.approvals).toHaveLength(1);
  });

  it('trims the note and leaves out a blank one', async () => {
    // Prepare
    await givenWaiting();

    // Act
    const { body } = await decide({ ...approve, note: '   ' });

    // Assess
    expect(body.approval.note).toBeUndefined();
    expect((await stored()).note).toBeUndefined();
  });
});
