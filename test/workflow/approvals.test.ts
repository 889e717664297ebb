import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { EXPIRED_BY } from '../../functions/approval/expire';
import { approvalNotice } from '../../functions/approval/open';
import { APPROVAL_SK, approvalPk } from '../../functions/shared/keys';
import { DynamoStore } from '../../functions/shared/store/dynamo';
import type { Approval } from '../../schemas/approval';
import type { Order } from '../../schemas/store';
import { TABLES } from '../../schemas/tables';
import type { ChatClient, ChatMessage } from '../support/chat';
import {
  enteredStates,
  type Fault,
  namedError,
  Platform,
  TENANT,
  TIMEOUTS,
  waitUntil,
} from './harness';

/**
 * Refunds above the tenant's threshold ($100) through the whole workflow:
 * the customer confirms, a person decides (or nobody does, and the wait
 * times out), and the customer hears the outcome. Each scenario returns
 * the Sleeping Pad of a different delivered order, so none sees another's
 * change.
 */
const platform = new Platform();

beforeAll(() => platform.start());
afterAll(() => platform.stop());

const AGENT = 'Sam Rivera';
const DECIDED_BY = `${AGENT} (agent)`;

type Transcript = { status: string; messages: ChatMessage[] };

const assistantReplies = (t: Transcript) =>
  t.messages.filter((m) => m.role === 'assistant');
/** At least `n` assistant replies, and nobody waits for an answer. */
const repliesAtLeast = (n: number) => (t: Transcript) =>
  assistantReplies(t).length >= n && t.messages.at(-1)?.role !== 'customer';

function store(): DynamoStore {
  return new DynamoStore({
    client: platform.runtime.documentClient,
    tableName: TABLES.store.name,
    tenantId: TENANT,
  });
}

async function order(orderId: string): Promise<Order> {
  const found = await store().getOrder(orderId);
  if (!found) throw new Error(`No order ${orderId}`);
  return found;
}

async function storedApproval(
  approvalId: string,
): Promise<Approval & { taskToken?: string }> {
  const { Item } = await platform.runtime.documentClient.send(
    new GetCommand({
      TableName: TABLES.conversations.name,
      Key: { pk: approvalPk(TENANT, approvalId), sk: APPROVAL_SK },
      ConsistentRead: true,
    }),
  );
  if (!Item) throw new Error(`No approval ${approvalId}`);
  return Item as Approval & { taskToken?: string };
}

/** Polls the pending approvals until one belongs to the conversation. */
async function pendingApproval(conversationId: string): Promise<Approval> {
  let found: Approval | undefined;
  await waitUntil(async () => {
    const { body } = await platform.agent(
      'GET',
      `/tenants/${TENANT}/approvals?status=pending`,
    );
    const approvals = body.approvals as Approval[];
    found = approvals.find((a) => a.conversationId === conversationId);
    return found !== undefined;
  }, `a pending approval of ${conversationId}`);
  return found as Approval;
}

/**
 * Asks for the return of an order's Sleeping Pad, says yes to the change
 * the assistant puts, and waits until a person must approve it.
 */
async function refundAwaitingApproval(
  customer: ChatClient,
  orderId: string,
): Promise<{ approval: Approval; told: Transcript }> {
  await customer.send(
    `I want to return the Sleeping Pad from order ${orderId} to my credit card.`,
  );
  const asked = await customer.waitFor(repliesAtLeast(1));
  expect(asked.messages.at(-1)?.text).toMatch(/yes/i);
  await customer.send('Yes please');
  const approval = await pendingApproval(customer.conversationId);
  const told = await customer.waitFor((t) =>
    t.messages.some((m) => m.text === approvalNotice(approval.change)),
  );
  await waitUntil(
    async () =>
      (await storedApproval(approval.approvalId)).taskToken !== undefined,
    'the workflow to wait on the approval',
  );
  return { approval, told };
}

const decide = (approvalId: string, body: Record<string, string>) =>
  platform.agent(
    'POST',
    `/tenants/${TENANT}/approvals/${approvalId}/decision`,
    { agentName: AGENT, ...body },
  );

/** The turn's call that waited for the approval, as stored. */
async function decidedCall(conversationId: string, approvalId: string) {
  const turns = await platform.turns(conversationId);
  const calls = turns.flatMap((t) => t.toolCalls);
  return calls.filter((c) => c.approvalId === approvalId);
}

describe('approvals of the conversation workflow', () => {
  it('tells the customer a refused refund was not done, and leaves the order', async () => {
    // Prepare
    const customer = platform.customer();
    const id = customer.conversationId;
    const before = await order('#W9963173');
    const { approval } = await refundAwaitingApproval(customer, '#W9963173');

    // Act
    const decided = await decide(approval.approvalId, {
      decision: 'refuse',
      note: 'The pad was used on a trip.',
    });
    const told = await customer.waitFor(repliesAtLeast(2));

    // Assess
    expect(approval).toMatchObject({
      reason: 'refund_threshold',
      refundCents: 10_331,
      status: 'pending',
    });
    expect(decided.status).toBe(200);
    const stored = await storedApproval(approval.approvalId);
    expect(stored).toMatchObject({
      status: 'refused',
      decidedBy: DECIDED_BY,
      note: 'The pad was used on a trip.',
    });
    expect(stored.taskToken).toBeUndefined();
    expect(told.messages.map((m) => m.role)).toEqual([
      'customer',
      'assistant',
      'customer',
      'system',
      'assistant',
    ]);
    const reply = told.messages.at(-1)?.text ?? '';
    expect(reply).toMatch(
      /did not approve this change, so nothing was changed/,
    );
    expect(reply).toContain('The pad was used on a trip');
    expect(await order('#W9963173')).toEqual(before);
    const [call] = await decidedCall(id, approval.approvalId);
    expect(call?.status).toBe('refused');
    const states = enteredStates(platform.history(id));
    expect(states).toContain('AwaitApproval');
    expect(states).not.toContain('ApprovalExpired');
    expect(states).not.toContain('StepFailed');
  });

  it('expires an approval nobody decides, tells the customer, and leaves the order', async () => {
    // Prepare
    const customer = platform.customer();
    const id = customer.conversationId;
    const before = await order('#W7091643');
    const { approval } = await refundAwaitingApproval(customer, '#W7091643');

    // Act
    const told = await customer.waitFor(
      repliesAtLeast(2),
      (TIMEOUTS.approvalTimeoutSeconds + 10) * 1000,
    );
    const late = await decide(approval.approvalId, { decision: 'approve' });

    // Assess
    const stored = await storedApproval(approval.approvalId);
    expect(stored).toMatchObject({
      status: 'expired',
      decidedBy: EXPIRED_BY,
      decidedAt: expect.any(String),
    });
    expect(stored.taskToken).toBeUndefined();
    expect(late.status).toBe(409);
    expect(await storedApproval(approval.approvalId)).toEqual(stored);
    const expired = await platform.agent(
      'GET',
      `/tenants/${TENANT}/approvals?status=expired`,
    );
    expect(expired.body.approvals).toContainEqual(
      expect.objectContaining({
        approvalId: approval.approvalId,
        status: 'expired',
      }),
    );
    expect(told.messages.at(-1)?.text).toMatch(
      /did not approve this change in time/,
    );
    expect(await order('#W7091643')).toEqual(before);
    const [call] = await decidedCall(id, approval.approvalId);
    expect(call?.status).toBe('refused');
    const states = enteredStates(platform.history(id));
    const waited = states.indexOf('AwaitApproval');
    expect(states.slice(waited, waited + 3)).toEqual([
      'AwaitApproval',
      'ApprovalExpired',
      'Act',
    ]);
    expect(states).not.toContain('StepFailed');
  });

  it('runs an approved refund once and tells the customer', async () => {
    // Prepare
    const customer = platform.customer();
    const id = customer.conversationId;
    const before = await order('#W1752548');
    const { approval } = await refundAwaitingApproval(customer, '#W1752548');

    // Act
    const decided = await decide(approval.approvalId, { decision: 'approve' });
    const told = await customer.waitFor(repliesAtLeast(2));
    const again = await decide(approval.approvalId, { decision: 'approve' });

    // Assess
    expect(decided.status).toBe(200);
    expect(again.status).toBe(200);
    expect(await storedApproval(approval.approvalId)).toMatchObject({
      status: 'approved',
      decidedBy: DECIDED_BY,
    });
    const reply = told.messages.at(-1)?.text ?? '';
    expect(reply).toMatch(/return/i);
    expect(reply).toContain('109.37');
    await expectReturnedOnce('#W1752548', before);
    const calls = await decidedCall(id, approval.approvalId);
    expect(calls.map((c) => c.status)).toEqual(['succeeded']);
    expect(enteredStates(platform.history(id))).not.toContain('StepFailed');
  });

  it('retries act when the order changed under the approved refund, and runs it once', async () => {
    // Prepare
    const customer = platform.customer();
    const id = customer.conversationId;
    const before = await order('#W9944333');
    const { approval } = await refundAwaitingApproval(customer, '#W9944333');
    const conflict = failingOnce('act', 'RevisionConflictError');
    platform.faults.set(id, conflict.fault);

    // Act
    conflict.arm();
    await decide(approval.approvalId, { decision: 'approve' });
    const told = await customer.waitFor(repliesAtLeast(2));

    // Assess
    const failures = platform
      .history(id)
      .filter((e) => e.type === 'TaskFailed')
      .map((e) => e.taskFailedEventDetails?.error);
    expect(failures).toEqual(['RevisionConflictError']);
    expect(told.messages.at(-1)?.text).toContain('107.05');
    await expectReturnedOnce('#W9944333', before);
    const states = enteredStates(platform.history(id));
    expect(states).not.toContain('StepFailed');
    expect(states).not.toContain('Handoff');
  });
});

/** The order's pad is returned by exactly one write. */
async function expectReturnedOnce(orderId: string, before: Order) {
  const after = await order(orderId);
  const pad = before.items.find((item) => item.name === 'Sleeping Pad');
  expect(after).toMatchObject({
    status: 'return requested',
    return_items: [pad?.item_id],
    revision: (before.revision ?? 0) + 1,
  });
  expect(after.writes).toHaveLength((before.writes?.length ?? 0) + 1);
}

/** Fails the first call to `target` after `arm`, with `errorName`. */
function failingOnce(
  target: string,
  errorName: string,
): { fault: Fault; arm: () => void } {
  let armed = false;
  return {
    arm: () => {
      armed = true;
    },
    fault: (name, _payload, next) => {
      if (name !== target || !armed) return next();
      armed = false;
      return Promise.reject(namedError(errorName));
    },
  };
}
