import {
  InvalidToken,
  SendTaskSuccessCommand,
  SFNClient,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../functions/agent-api/handler';
import { createAgentToken } from '../../functions/shared/agents';
import type { HttpResult } from '../../functions/shared/http';
import { logger } from '../../functions/shared/observability';
import { sha256Hex } from '../../functions/shared/secrets';
import type { Approval } from '../../schemas/approval';
import { TABLES } from '../../schemas/tables';
import { httpEvent, type RequestOptions } from '../support/http-event';
import { DEMO, padApproval } from './workflow-steps/demo-changes';
import { DynaliteItems } from './workflow-steps/dynalite-items';

/**
 * The agents' approval routes: approvals on dynalite (real conditional
 * writes and the status index), Step Functions mocked.
 */
const sfn = mockClient(SFNClient);
let items: DynaliteItems;

const AGENT_TOKEN = 'agent-token-1';
const TASK_TOKEN = 'task-token-secret-1';
const CONVERSATION = 'conv-7';
const APPROVAL_ID = `${CONVERSATION}-1-2-1`;
const DECISION = `/tenants/demo/approvals/${APPROVAL_ID}/decision`;
const context = { functionName: 'agent-api' } as Context;

const approve = { decision: 'approve', agentName: 'Sam Rivera' };
const refuse = {
  decision: 'refuse',
  agentName: 'Sam Rivera',
  note: 'The pad was used on a trip.',
};

async function call(
  method: string,
  path: string,
  options: RequestOptions = {},
) {
  const event = httpEvent(method, path, { token: AGENT_TOKEN, ...options });
  const result = (await handler(event, context)) as HttpResult;
  const raw = result.body ?? '';
  // No answer, whatever its status, ever carries a task token.
  expect(raw).not.toContain(TASK_TOKEN);
  expect(raw).not.toContain('taskToken');
  return { status: result.statusCode, body: raw ? JSON.parse(raw) : {} };
}

const decide = (body: unknown, path = DECISION) => call('POST', path, { body });
const list = (query?: Record<string, string>) =>
  call('GET', '/tenants/demo/approvals', query ? { query } : {});

const stored = () => items.approval(DEMO, APPROVAL_ID);
const agents = () => ({ client: items.client, tableName: TABLES.tenants.name });
const wakes = () =>
  sfn.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input);

/** A pending approval whose wait stored its task token. */
async function givenWaiting(overrides: Partial<Approval> = {}) {
  await items.putApproval(padApproval(CONVERSATION, overrides), TASK_TOKEN);
}

beforeAll(async () => {
  items = await DynaliteItems.start();
});

afterAll(async () => {
  await items.stop();
  delete process.env.AGENT_TOKEN_SHA256;
});

beforeEach(async () => {
  await items.clearConversations();
  sfn.reset();
  sfn.on(SendTaskSuccessCommand).resolves({});
  process.env.AGENT_TOKEN_SHA256 = sha256Hex(AGENT_TOKEN);
});

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
    await items.putApproval(approval('conv-b', 2), TASK_TOKEN);
    await items.putApproval(approval('conv-a', 1), TASK_TOKEN);
    await items.putApproval(
      approval('conv-c', 3, { status: 'approved', decidedBy: 'Sam (agent)' }),
    );
    await items.putApproval({
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
    const { token } = await createAgentToken(agents(), {
      agentId: 'sam-rivera',
      name: 'Sam Rivera',
      tenantIds: [DEMO],
      replace: true,
    });

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

  it('answers 401 to an agent token made for another tenant', async () => {
    // Prepare
    await givenWaiting();
    const { token } = await createAgentToken(agents(), {
      agentId: 'kim-osei',
      name: 'Kim Osei',
      tenantIds: ['other'],
      replace: true,
    });

    // Act
    const { status } = await call('POST', DECISION, { token, body: approve });

    // Assess
    expect(status).toBe(401);
    expect((await stored()).status).toBe('pending');
    expect(wakes()).toEqual([]);
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
    await items.putApproval(
      padApproval(CONVERSATION, { status: 'expired', decidedBy: 'timeout' }),
    );

    // Act
    const { status, body } = await decide(approve);

    // Assess
    expect(status).toBe(409);
    expect(JSON.stringify(body)).toContain('already expired');
    expect(wakes()).toEqual([]);
  });

  it('decides without waking anything before the wait opened', async () => {
    // Prepare
    await items.putApproval(padApproval(CONVERSATION));

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
