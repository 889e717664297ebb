import { act, idempotencyKey } from '../../functions/act/act';
import { InvariantError } from '../../functions/shared/errors';
import type { Approval } from '../../schemas/approval';
import {
  approvalId,
  conversationId,
  deps,
  failTurnWrite,
  given,
  items,
  ref,
  resultOf,
  setUp,
  start,
  stop,
  store,
  storedCalls,
  tearDown,
} from './act-changes-world';
import {
  AT,
  padApproval,
  RETURN_PAD,
  toolCall,
} from './workflow-steps/demo-changes';

beforeAll(start);
afterAll(stop);
beforeEach(setUp);
afterEach(tearDown);

describe('act after a person decided', () => {
  const waiting = () =>
    toolCall('pad', 'return_delivered_order_items', RETURN_PAD, {
      status: 'awaiting_approval',
      confirmed: true,
      approvalId: approvalId(),
    });
  const decided = (overrides: Partial<Approval>) =>
    padApproval(conversationId, {
      decidedBy: 'Sam (agent)',
      decidedAt: AT,
      ...overrides,
    });

  it('runs an approved change, then the calls after it', async () => {
    // Prepare
    await given([
      waiting(),
      toolCall('read', 'get_order_details', { order_id: '#W4817203' }),
    ]);
    await items.putApproval(decided({ status: 'approved' }));

    // Act
    const output = await act(ref(), deps());

    // Assess
    expect(output).toEqual({ ran: 2, approval: false });
    const [ran, read] = await storedCalls();
    expect(ran).toMatchObject({
      status: 'succeeded',
      approvalId: approvalId(),
    });
    expect(resultOf(ran)).toMatchObject({
      status: 'return requested',
      return_items: ['5917732742'],
    });
    expect(resultOf(read).status).toBe('return requested');
    const order = await store.getOrder('#W4817203');
    expect(order?.writes?.map((w) => w.key)).toEqual([
      idempotencyKey(ref(), waiting()),
    ]);
  });

  it.each([
    [
      'refused',
      'Sam (agent)',
      'The pad was used',
      'did not approve this change',
    ],
    ['expired', 'timeout', undefined, 'could approve this change in time'],
  ])(
    'refuses the change when the approval is %s, with the note',
    async (status, decidedBy, note, says) => {
      // Prepare
      await given([waiting()]);
      await items.putApproval(
        decided({
          status: status as Approval['status'],
          decidedBy,
          ...(note ? { note } : {}),
        }),
      );

      // Act
      const output = await act(ref(), deps());

      // Assess
      expect(output).toEqual({ ran: 1, approval: false });
      const [stored] = await storedCalls();
      expect(stored?.status).toBe('refused');
      expect(resultOf(stored)).toEqual({
        status: 'refused',
        change: padApproval(conversationId).change,
        note: expect.stringContaining(says),
        ...(note ? { reason: note } : {}),
      });
      expect((await store.getOrder('#W4817203'))?.status).toBe('delivered');
    },
  );

  it('keeps waiting while the approval is pending', async () => {
    // Prepare
    await given([waiting()]);
    await items.putApproval(padApproval(conversationId));

    // Act
    const output = await act(ref(), deps());

    // Assess
    expect(output).toEqual({ ran: 0, approval: true });
    expect(await storedCalls()).toEqual([waiting()]);
    expect((await store.getOrder('#W4817203'))?.status).toBe('delivered');
  });

  it('changes the store once when retried after an approved change ran', async () => {
    // Prepare
    await given([waiting()]);
    await items.putApproval(decided({ status: 'approved' }));
    failTurnWrite();
    await expect(act(ref(), deps())).rejects.toThrow('unavailable');
    const once = await store.getOrder('#W4817203');

    // Act
    await act(ref(), deps());

    // Assess
    const [stored] = await storedCalls();
    expect(stored?.status).toBe('succeeded');
    expect(await store.getOrder('#W4817203')).toEqual(once);
    expect(once?.writes).toHaveLength(1);
  });

  it('throws InvariantError when the approval does not exist', async () => {
    // Prepare
    await given([waiting()]);

    // Act
    const run = act(ref(), deps());

    // Assess
    await expect(run).rejects.toThrow(InvariantError);
  });
});
