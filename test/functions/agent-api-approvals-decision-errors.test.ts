import {
  APPROVAL_ID,
  agentToken,
  approve,
  CONVERSATION,
  call,
  DECISION,
  decide,
  givenWaiting,
  putApproval,
  refuse,
  resetWorld,
  startWorld,
  stopWorld,
  stored,
  wakes,
} from './agent-api-approvals-world';
import { padApproval } from './workflow-steps/demo-changes';

/**
 * POST decision: the decisions refused (401, 404, 400, 409), which leave
 * the approval as it was.
 */

beforeAll(startWorld);
afterAll(stopWorld);
beforeEach(resetWorld);

describe('POST /tenants/{tenantId}/approvals/{approvalId}/decision', () => {
  it('answers 401 to an agent token made for another tenant', async () => {
    // Prepare
    await givenWaiting();
    const token = await agentToken('kim-osei', 'Kim Osei', ['other']);

    // Act
    const { status } = await call('POST', DECISION, { token, body: approve });

    // Assess
    expect(status).toBe(401);
    expect((await stored()).status).toBe('pending');
    expect(wakes()).toEqual([]);
  });

  it('answers 409 to a second decision and leaves the first', async () => {
    // Prepare
    await givenWaiting();
    await decide(approve);
    const first = await stored();

    // Act
    const { status, body } = await decide({ ...refuse, agentName: 'Kim' });

    // Assess
    expect(status).toBe(409);
    expect(JSON.stringify(body)).toContain('already approved');
    expect(await stored()).toEqual(first);
    expect(wakes()).toHaveLength(1);
  });

  it('lets exactly one of two decisions at once through', async () => {
    // Prepare
    await givenWaiting();

    // Act
    const answers = await Promise.all([
      decide(approve),
      decide(refuse),
      decide({ ...approve, agentName: 'Kim' }),
    ]);

    // Assess
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 409, 409]);
    expect(wakes()).toHaveLength(1);
    const winner = answers.find((a) => a.status === 200)?.body.approval;
    expect(await stored()).toMatchObject({
      status: winner.status,
      decidedBy: winner.decidedBy,
    });
  });

  it('answers 409 to a decision on an expired approval', async () => {
    // Prepare
    await putApproval(
      padApproval(CONVERSATION, { status: 'expired', decidedBy: 'timeout' }),
    );

    // Act
    const { status, body } = await decide(approve);

    // Assess
    expect(status).toBe(409);
    expect(JSON.stringify(body)).toContain('already expired');
    expect(wakes()).toEqual([]);
  });

  it('answers 404 for an unknown approval, or one of another tenant', async () => {
    // Prepare
    await givenWaiting();

    // Act
    const unknown = await decide(
      approve,
      '/tenants/demo/approvals/nope/decision',
    );
    const other = await decide(
      approve,
      `/tenants/other/approvals/${APPROVAL_ID}/decision`,
    );

    // Assess
    expect([unknown.status, other.status]).toEqual([404, 404]);
    expect((await stored()).status).toBe('pending');
  });

  it.each([
    ['an unknown decision', { ...approve, decision: 'maybe' }],
    ['no agent name', { decision: 'approve' }],
    ['a blank agent name', { ...approve, agentName: '   ' }],
    ['a note too long', { ...refuse, note: 'x'.repeat(1001) }],
    ['a body that is not JSON', '{decision'],
  ])('answers 400 to %s and decides nothing', async (_, body) => {
    // Prepare
    await givenWaiting();

    // Act
    const { status } = await decide(body);

    // Assess
    expect(status).toBe(400);
    expect((await stored()).status).toBe('pending');
    expect(wakes()).toEqual([]);
  });

  it('answers 400 to an approval id outside its form', async () => {
    // Act
    const { status } = await decide(
      approve,
      '/tenants/demo/approvals/a%20b/decision',
    );

    // Assess
    expect(status).toBe(400);
  });

  it('answers 401 without the agent token and decides nothing', async () => {
    // Prepare
    await givenWaiting();

    // Act
    const { status } = await call('POST', DECISION, {
      body: approve,
      token: 'wrong',
    });

    // Assess
    expect(status).toBe(401);
    expect((await stored()).status).toBe('pending');
  });
});
