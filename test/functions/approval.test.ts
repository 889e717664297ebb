import {
  EventBridgeClient,
  PutEventsCommand,
} from '@aws-sdk/client-eventbridge';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { EXPIRED_BY, expireApproval } from '../../functions/approval/expire';
import { handler } from '../../functions/approval/handler';
import {
  APPROVAL_REQUESTED,
  approvalNotice,
  openApproval,
} from '../../functions/approval/open';
import { InvariantError, TransientError } from '../../functions/shared/errors';
import type { Approval } from '../../schemas/approval';
import type { ToolCall } from '../../schemas/turn';
import {
  DEMO,
  demoHead,
  demoTurn,
  padApproval,
  RETURN_PAD,
  toolCall,
} from './workflow-steps/demo-changes';
import { DynaliteItems } from './workflow-steps/dynalite-items';
import { lambdaContext } from './workflow-steps/fixtures';

/**
 * The AwaitApproval and ApprovalExpired steps: the approval and the
 * conversation on dynalite, Step Functions and EventBridge mocked.
 */
const sfn = mockClient(SFNClient);
const eventBridge = mockClient(EventBridgeClient);
let items: DynaliteItems;

const CONVERSATION = 'conv-approval';
const APPROVAL_ID = `${CONVERSATION}-1-2-1`;
const TOKEN = 'task-token-1';
const input = { tenantId: DEMO, conversationId: CONVERSATION, segment: 1 };
const open = (taskToken = TOKEN) =>
  openApproval({ ...input, index: 2, action: 'open', taskToken });
const expire = () => expireApproval({ ...input, index: 2, action: 'expire' });

const waitingCall = (overrides: Partial<ToolCall> = {}) =>
  toolCall('pad', 'return_delivered_order_items', RETURN_PAD, {
    status: 'awaiting_approval',
    confirmed: true,
    approvalId: APPROVAL_ID,
    ...overrides,
  });

/** The conversation whose turn 2 waits on the approval. */
async function given(
  approval: Approval | null = padApproval(CONVERSATION),
  calls: ToolCall[] = [waitingCall()],
) {
  await items.putHead(demoHead(CONVERSATION));
  await items.putTurn(demoTurn(CONVERSATION, calls));
  if (approval) await items.putApproval(approval);
}

const stored = () => items.approval(DEMO, APPROVAL_ID);
const systemMessages = async () =>
  (await items.items('MSG#')).filter((m) => m.sender === 'system');
const published = () =>
  eventBridge
    .commandCalls(PutEventsCommand)
    .flatMap((c) => c.args[0].input.Entries ?? []);

beforeAll(async () => {
  items = await DynaliteItems.start();
});

afterAll(async () => {
  await items.stop();
});

beforeEach(async () => {
  await items.clearConversations();
  sfn.reset();
  sfn.on(SendTaskSuccessCommand).resolves({});
  eventBridge.reset();
  eventBridge
    .on(PutEventsCommand)
    .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
});

describe('openApproval', () => {
  it('keeps the task token on the pending approval and waits', async () => {
    // Prepare
    await given();

    // Act
    const output = await open();

    // Assess
    expect(output).toEqual({ approvalId: APPROVAL_ID });
    expect(await stored()).toMatchObject({
      status: 'pending',
      taskToken: TOKEN,
    });
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('tells the customer once what waits for approval', async () => {
    // Prepare
    await given();
    await open('task-token-1');

    // Act
    await open('task-token-2');

    // Assess
    const messages = await systemMessages();
    expect(messages).toEqual([
      expect.objectContaining({
        messageId: `approval-${APPROVAL_ID}`,
        direction: 'outbound',
        channel: 'web',
        text: approvalNotice(padApproval(CONVERSATION).change),
      }),
    ]);
    expect(messages[0]?.text).toContain('refund of $106.97');
    expect((await stored()).taskToken).toBe('task-token-2');
  });

  it('announces the approval without the customer’s data', async () => {
    // Prepare
    await given();

    // Act
    await open();

    // Assess
    const [entry, ...more] = published();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      EventBusName: 'frontline',
      Source: 'frontline.conversations',
      DetailType: APPROVAL_REQUESTED,
    });
    expect(JSON.parse(entry?.Detail ?? '')).toEqual({
      tenantId: DEMO,
      approvalId: APPROVAL_ID,
      conversationId: CONVERSATION,
      tool: 'return_delivered_order_items',
      refundCents: 10_697,
      reason: 'refund_threshold',
      createdAt: padApproval(CONVERSATION).createdAt,
    });
    expect(entry?.Detail).not.toContain('credit_card');
    expect(entry?.Detail).not.toContain(TOKEN);
  });

  it.each([
    [
      'refuses the event',
      (mock: typeof eventBridge) =>
        mock.on(PutEventsCommand).resolves({
          FailedEntryCount: 1,
          Entries: [{ ErrorCode: 'InternalFailure' }],
        }),
    ],
    [
      'is throttled',
      (mock: typeof eventBridge) =>
        mock.on(PutEventsCommand).rejects(
          Object.assign(new Error('Rate exceeded'), {
            name: 'ThrottlingException',
          }),
        ),
    ],
  ])('throws TransientError when EventBridge %s', async (_, fail) => {
    // Prepare
    await given();
    fail(eventBridge);

    // Act
    const run = open();

    // Assess
    await expect(run).rejects.toThrow(TransientError);
  });

  it('announces on the retry after a refused event', async () => {
    // Prepare
    await given();
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'E' }] })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-2' }] });
    await expect(open('task-token-1')).rejects.toThrow(TransientError);

    // Act
    await open('task-token-2');

    // Assess
    expect(published()).toHaveLength(2);
    expect(await systemMessages()).toHaveLength(1);
    expect((await stored()).taskToken).toBe('task-token-2');
  });

  it.each([['approved'], ['refused'], ['expired']] as const)(
    'ends the wait itself when the approval is %s already',
    async (status) => {
      // Prepare
      await given(padApproval(CONVERSATION, { status, decidedBy: 'Sam' }));

      // Act
      const output = await open();

      // Assess
      expect(output).toEqual({ approvalId: APPROVAL_ID });
      const [sent, ...more] = sfn.commandCalls(SendTaskSuccessCommand);
      expect(more).toEqual([]);
      expect(sent?.args[0].input).toEqual({
        taskToken: TOKEN,
        output: JSON.stringify({ approvalId: APPROVAL_ID }),
      });
      expect((await stored()).taskToken).toBeUndefined();
      expect(await systemMessages()).toEqual([]);
      expect(published()).toEqual([]);
    },
  );

  it.each([
    ['no call of the turn waits for approval', [], true],
    [
      'the waiting call names no approval',
      [waitingCall({ approvalId: undefined })],
      true,
    ],
    ['the approval does not exist', [waitingCall()], false],
  ])('throws InvariantError when %s', async (_, calls, approvalStored) => {
    // Prepare
    await given(approvalStored ? padApproval(CONVERSATION) : null, calls);

    // Act
    const run = open();

    // Assess
    await expect(run).rejects.toThrow(InvariantError);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect(await systemMessages()).toEqual([]);
  });
});

describe('expireApproval', () => {
  it('marks a pending approval expired, by the timeout', async () => {
    // Prepare
    await given();
    await open();

    // Act
    const output = await expire();

    // Assess
    expect(output).toEqual({ approvalId: APPROVAL_ID });
    const item = await stored();
    expect(item).toMatchObject({
      status: 'expired',
      decidedBy: EXPIRED_BY,
      decidedAt: expect.any(String),
      gsi1pk: 'T#demo#APPROVALS#expired',
    });
    expect(item.taskToken).toBeUndefined();
    expect(item.note).toBeUndefined();
  });

  it('leaves a decision that landed first as it is', async () => {
    // Prepare
    const approved = padApproval(CONVERSATION, {
      status: 'approved',
      decidedBy: 'Sam Rivera (agent)',
      decidedAt: '2026-12-03T10:05:00.000Z',
      note: 'Within policy.',
    });
    await given(approved);

    // Act
    await expire();

    // Assess
    expect(await stored()).toMatchObject(approved);
  });

  it('is safe to repeat', async () => {
    // Prepare
    await given();
    await expire();
    const first = await stored();

    // Act
    await expire();

    // Assess
    expect(await stored()).toEqual(first);
  });
});

describe('handler', () => {
  it.each([
    ['open', { action: 'open', taskToken: TOKEN }, 'pending'],
    ['expire', { action: 'expire' }, 'expired'],
  ])('runs %s from the workflow payload', async (_, payload, status) => {
    // Prepare
    await given();

    // Act
    const output = await handler(
      { ...input, index: 2, ...payload },
      lambdaContext(),
    );

    // Assess
    expect(output).toEqual({ approvalId: APPROVAL_ID });
    expect((await stored()).status).toBe(status);
  });

  it.each([
    ['an open without a task token', { action: 'open' }],
    ['an unknown action', { action: 'approve' }],
  ])('refuses %s', async (_, payload) => {
    // Prepare
    await given();

    // Act
    const run = handler({ ...input, index: 2, ...payload }, lambdaContext());

    // Assess
    await expect(run).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
