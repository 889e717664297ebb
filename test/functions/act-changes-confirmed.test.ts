import { act, idempotencyKey } from '../../functions/act/act';
import { openVault } from '../../functions/shared/pii/conversation-vault';
import { TOOL_CATALOGUE } from '../../functions/shared/tool-catalogue';
import {
  approvalId,
  conversationId,
  data,
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
  storeTool,
  tearDown,
} from './act-changes-world';
import {
  AT,
  CANCEL_SOCKS,
  DEMO,
  demoConfig,
  MOVE_MAYA,
  padApproval,
  RETURN_PAD,
  RETURN_STOVE,
  toolCall,
} from './workflow-steps/demo-changes';

beforeAll(start);
afterAll(stop);
beforeEach(setUp);
afterEach(tearDown);

describe('act on a confirmed change', () => {
  const confirmed = (id: string, name: string, input: object) =>
    toolCall(id, name, { ...input }, { confirmed: true });

  it('runs a change within the threshold under an idempotency key', async () => {
    // Prepare
    const call = confirmed('socks', 'cancel_pending_order', CANCEL_SOCKS);
    await given([call]);

    // Act
    const output = await act(ref(), deps());

    // Assess
    expect(output).toEqual({ ran: 1, approval: false });
    const [stored] = await storedCalls();
    expect(stored?.status).toBe('succeeded');
    expect(resultOf(stored)).toMatchObject({
      order_id: '#W5520914',
      status: 'cancelled',
    });
    const order = await store.getOrder('#W5520914');
    expect(order?.status).toBe('cancelled');
    expect(order?.writes?.map((w) => w.key)).toEqual([
      idempotencyKey(ref(), call),
    ]);
    expect(await items.items('APPROVAL')).toEqual([]);
  });

  it.each([
    ['above the threshold', 10_000, 'awaiting_approval'],
    ['equal to the threshold', 10_697, 'succeeded'],
    ['with no threshold set', undefined, 'succeeded'],
  ])('handles a refund %s', async (_, threshold, status) => {
    // Prepare
    const config = demoConfig({ approvalAboveCents: threshold });
    await given(
      [confirmed('pad', 'return_delivered_order_items', RETURN_PAD)],
      config,
    );

    // Act
    const output = await act(ref(), deps());

    // Assess
    expect(output.approval).toBe(status === 'awaiting_approval');
    const [stored] = await storedCalls();
    expect(stored?.status).toBe(status);
  });

  it('waits for a person to approve a refund above the threshold', async () => {
    // Prepare
    await given([
      confirmed('pad', 'return_delivered_order_items', RETURN_PAD),
      toolCall('read', 'get_order_details', { order_id: '#W4817203' }),
    ]);

    // Act
    const output = await act(ref(), deps());

    // Assess
    expect(output).toEqual({ ran: 0, approval: true });
    const [waiting, later] = await storedCalls();
    expect(waiting).toMatchObject({
      status: 'awaiting_approval',
      approvalId: approvalId(),
    });
    expect(later?.status).toBe('requested');
    expect((await store.getOrder('#W4817203'))?.status).toBe('delivered');
  });

  it('keeps the change as the customer confirmed it on the approval', async () => {
    // Prepare
    await given([confirmed('pad', 'return_delivered_order_items', RETURN_PAD)]);

    // Act
    await act(ref(), deps());

    // Assess
    const stored = await items.approval(DEMO, approvalId());
    expect(stored).toMatchObject({
      ...padApproval(conversationId),
      gsi1pk: `T#demo#APPROVALS#pending`,
    });
    expect(stored.taskToken).toBeUndefined();
  });

  it('asks a person about a tool declared approval_required', async () => {
    // Prepare
    jest.replaceProperty(
      TOOL_CATALOGUE as Record<string, (typeof TOOL_CATALOGUE)[string]>,
      'modify_user_address',
      { ...TOOL_CATALOGUE.modify_user_address, risk: 'approval_required' },
    );
    await given([confirmed('move', 'modify_user_address', MOVE_MAYA)]);

    // Act
    const output = await act(ref(), deps());

    // Assess
    expect(output.approval).toBe(true);
    const approval = await items.approval(DEMO, approvalId());
    expect(approval).toMatchObject({ reason: 'risk', refundCents: 0 });
    const user = await store.getUser('maya_lindqvist_2417');
    expect(user?.address.city).toBe('Portland');
  });

  it('fails a confirmed change the store refuses by now', async () => {
    // Prepare
    const socks = data.orders['#W5520914'];
    await store.putOrder({ ...socks, status: 'processed' });
    await given([confirmed('socks', 'cancel_pending_order', CANCEL_SOCKS)]);

    // Act
    await act(ref(), deps());

    // Assess
    const [stored] = await storedCalls();
    expect(stored?.status).toBe('failed');
    expect(resultOf(stored)).toEqual({
      error: 'non-pending order cannot be cancelled',
    });
  });

  const order = (id: string) => () => store.getOrder(id);
  const user = (id: string) => () => store.getUser(id);

  it.each([
    [
      'a cancellation',
      'cancel_pending_order',
      CANCEL_SOCKS,
      order('#W5520914'),
    ],
    [
      'a return',
      'return_delivered_order_items',
      RETURN_STOVE,
      order('#W4817203'),
    ],
    [
      'an address change',
      'modify_user_address',
      MOVE_MAYA,
      user(MOVE_MAYA.user_id),
    ],
  ])(
    'gives the same result when retried after %s ran, changing once',
    async (_, name, input, record) => {
      // Prepare
      await given([confirmed('c-1', name, input)]);
      const run = jest.spyOn(storeTool(name), 'run');
      failTurnWrite();
      await expect(act(ref(), deps())).rejects.toThrow('unavailable');
      const once = await record();

      // Act
      const output = await act(ref(), deps());

      // Assess
      expect(output).toEqual({ ran: 1, approval: false });
      const [stored] = await storedCalls();
      expect(stored?.status).toBe('succeeded');
      const vault = await openVault(ref());
      expect(resultOf(stored)).toEqual(
        vault.redactJson(await run.mock.results[0]?.value),
      );
      expect(await record()).toEqual(once);
      expect(once?.writes).toHaveLength(1);
    },
  );

  it('finds the approval an earlier attempt created', async () => {
    // Prepare
    await given([confirmed('pad', 'return_delivered_order_items', RETURN_PAD)]);
    failTurnWrite();
    await expect(act(ref(), deps())).rejects.toThrow('unavailable');
    const later = { storeFor: () => store, now: () => new Date('2027-01-01') };

    // Act
    const output = await act(ref(), later);

    // Assess
    expect(output).toEqual({ ran: 0, approval: true });
    expect(await items.items('APPROVAL')).toEqual([
      expect.objectContaining({ approvalId: approvalId(), createdAt: AT }),
    ]);
  });
});
