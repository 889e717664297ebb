import type { Approval } from '../../schemas/approval';
import {
  call,
  list,
  putApproval,
  resetWorld,
  startWorld,
  stopWorld,
  TASK_TOKEN,
} from './agent-api-approvals-world';
import { padApproval } from './workflow-steps/demo-changes';

/** GET approvals: a tenant's approvals by status, page by page. */

beforeAll(startWorld);
afterAll(stopWorld);
beforeEach(resetWorld);

describe('GET /tenants/{tenantId}/approvals', () => {
  async function givenSeveral() {
    const at = (minute: number) =>
      `2026-12-03T10:${String(minute).padStart(2, '0')}:00.000Z`;
    const approval = (id: string, minute: number, o: Partial<Approval> = {}) =>
      padApproval(id, {
        approvalId: `${id}-1-2-1`,
        createdAt: at(minute),
        updatedAt: at(minute),
        ...o,
      });
    await putApproval(approval('conv-b', 2), TASK_TOKEN);
    await putApproval(approval('conv-a', 1), TASK_TOKEN);
    await putApproval(
      approval('conv-c', 3, { status: 'approved', decidedBy: 'Sam (agent)' }),
    );
    await putApproval({
      ...approval('conv-d', 0),
      tenantId: 'other',
    });
  }

  it('lists the tenant’s pending approvals, oldest first', async () => {
    // Prepare
    await givenSeveral();

    // Act
    const { status, body } = await list();

    // Assess
    expect(status).toBe(200);
    expect(body.approvals.map((a: Approval) => a.approvalId)).toEqual([
      'conv-a-1-2-1',
      'conv-b-1-2-1',
    ]);
    expect(body.approvals[0]).toEqual(
      padApproval('conv-a', {
        approvalId: 'conv-a-1-2-1',
        createdAt: '2026-12-03T10:01:00.000Z',
        updatedAt: '2026-12-03T10:01:00.000Z',
      }),
    );
  });

  it.each([
    ['approved', ['conv-c-1-2-1']],
    ['refused', []],
    ['expired', []],
  ])('lists the %s ones', async (wanted, ids) => {
    // Prepare
    await givenSeveral();

    // Act
    const { status, body } = await list({ status: wanted });

    // Assess
    expect(status).toBe(200);
    expect(body.approvals.map((a: Approval) => a.approvalId)).toEqual(ids);
  });

  it('pages through the list with nextToken, oldest first', async () => {
    // Prepare
    await givenSeveral();

    // Act
    const first = await list({ limit: '1' });
    const second = await list({ limit: '1', nextToken: first.body.nextToken });
    const rest = second.body.nextToken
      ? await list({ limit: '1', nextToken: second.body.nextToken })
      : { body: { approvals: [] } };

    // Assess
    const ids = [first, second, rest].flatMap((page) =>
      page.body.approvals.map((a: Approval) => a.approvalId),
    );
    expect(ids).toEqual(['conv-a-1-2-1', 'conv-b-1-2-1']);
    expect(first.body.approvals).toHaveLength(1);
    expect(rest.body.nextToken).toBeUndefined();
  });

  it('answers 400 to a nextToken of another list', async () => {
    // Prepare
    await givenSeveral();
    const pending = await list({ limit: '1' });

    // Act
    const approved = await list({
      status: 'approved',
      nextToken: pending.body.nextToken,
    });

    // Assess
    expect(pending.body.nextToken).toEqual(expect.any(String));
    expect(approved.status).toBe(400);
    expect(approved.body.message).toContain('nextToken');
  });

  it.each([
    ['an unknown status', { status: 'decided' }],
    ['an unknown parameter', { status: 'pending', since: '5' }],
    ['a limit of 0', { limit: '0' }],
    ['a limit over 100', { limit: '101' }],
    ['a malformed nextToken', { nextToken: 'not a token!' }],
    [
      'a forged nextToken',
      { nextToken: Buffer.from('{"pk":1}').toString('base64url') },
    ],
  ])('answers 400 to %s', async (_, query) => {
    // Act
    const { status } = await list(query);

    // Assess
    expect(status).toBe(400);
  });

  it('answers 401 without the agent token', async () => {
    // Act
    const { status } = await call('GET', '/tenants/demo/approvals', {
      token: 'wrong',
    });

    // Assess
    expect(status).toBe(401);
  });
});
