import {
  InvalidToken,
  SendTaskSuccessCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import {
  approve,
  CONVERSATION,
  decide,
  givenWaiting,
  putApproval,
  resetWorld,
  sfn,
  startWorld,
  stopWorld,
  stored,
  TASK_TOKEN,
  wakes,
} from './agent-api-approvals-world';
import { padApproval } from './workflow-steps/demo-changes';

/** POST decision: waking the waiting workflow, once, even after a failure. */

beforeAll(startWorld);
afterAll(stopWorld);
beforeEach(resetWorld);

describe('POST /tenants/{tenantId}/approvals/{approvalId}/decision', () => {
  it('decides without waking anything before the wait opened', async () => {
    // Prepare
    await putApproval(padApproval(CONVERSATION));

    // Act
    const { status } = await decide(approve);

    // Assess
    expect(status).toBe(200);
    expect(wakes()).toEqual([]);
    expect((await stored()).status).toBe('approved');
  });

  it.each([
    ['TaskTimedOut', new TaskTimedOut({ message: 'gone', $metadata: {} })],
    ['InvalidToken', new InvalidToken({ message: 'gone', $metadata: {} })],
    [
      'TaskDoesNotExist',
      new TaskDoesNotExist({ message: 'gone', $metadata: {} }),
    ],
  ])('keeps the decision when the wait ended (%s)', async (_, error) => {
    // Prepare
    await givenWaiting();
    sfn.on(SendTaskSuccessCommand).rejects(error);

    // Act
    const { status, body } = await decide(approve);

    // Assess
    expect(status).toBe(200);
    expect(body.approval.status).toBe('approved');
    expect((await stored()).status).toBe('approved');
  });

  it('answers 500 when the workflow cannot be woken, keeping the decision', async () => {
    // Prepare
    await givenWaiting();
    sfn.on(SendTaskSuccessCommand).rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
      }),
    );

    // Act
    const { status } = await decide(approve);

    // Assess
    expect(status).toBe(500);
    expect((await stored()).status).toBe('approved');
    expect((await stored()).taskToken).toBe(TASK_TOKEN);
  });

  it('wakes the workflow when the same decision is sent again after a failed wake', async () => {
    // Prepare
    await givenWaiting();
    sfn
      .on(SendTaskSuccessCommand)
      .rejectsOnce(
        Object.assign(new Error('Rate exceeded'), {
          name: 'ThrottlingException',
        }),
      )
      .resolves({});
    const failed = await decide(approve);

    // Act
    const retried = await decide(approve);

    // Assess
    expect(failed.status).toBe(500);
    expect(retried.status).toBe(200);
    expect(retried.body.approval).toMatchObject({
      status: 'approved',
      decidedBy: 'Sam Rivera (agent)',
    });
    expect(wakes()).toHaveLength(2);
    expect(wakes()[1]?.taskToken).toBe(TASK_TOKEN);
    expect((await stored()).taskToken).toBeUndefined();
  });

  it('answers a repeated decision without waking a workflow woken already', async () => {
    // Prepare
    await givenWaiting();
    await decide(approve);

    // Act
    const again = await decide(approve);

    // Assess
    expect(again.status).toBe(200);
    expect(wakes()).toHaveLength(1);
  });
});
