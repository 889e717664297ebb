import { KMSClient } from '@aws-sdk/client-kms';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { act, idempotencyKey } from '../../functions/act/act';
import { dynamo } from '../../functions/shared/clients/dynamo';
import { InvariantError, ValidationError } from '../../functions/shared/errors';
import { openVault } from '../../functions/shared/pii/conversation-vault';
import { loadStoreDir } from '../../functions/shared/store/json';
import { MemoryStore } from '../../functions/shared/store/memory';
import { STORE_TOOLS } from '../../functions/shared/store/tools';
import { clearTenantCache } from '../../functions/shared/tenants';
import { TOOL_CATALOGUE } from '../../functions/shared/tool-catalogue';
import type { Approval } from '../../schemas/approval';
import type { StoreData } from '../../schemas/store';
import type { ToolCall } from '../../schemas/turn';
import { fakeKms } from '../support/kms';
import {
  AT,
  CANCEL_SOCKS,
  DEMO,
  demoConfig,
  demoHead,
  demoTurn,
  MOVE_MAYA,
  NOW,
  padApproval,
  RETURN_PAD,
  RETURN_STOVE,
  toolCall,
} from './workflow-steps/demo-changes';
import { DynaliteItems } from './workflow-steps/dynalite-items';

/**
 * The act step's changes to the demo store: the turn, head and approval
 * items on dynalite behind the functions' own client, the store in memory.
 */
let items: DynaliteItems;
/** KMS wraps the vault's data keys; the local keyring stands in. */
const kms = mockClient(KMSClient);
let data: StoreData;
let store: MemoryStore;
let conversationId: string;
let counter = 0;

const ref = () => ({ tenantId: DEMO, conversationId, segment: 1, index: 2 });
const deps = () => ({ storeFor: () => store, now: () => NOW });
const approvalId = () => `${conversationId}-1-2-1`;

/** Stores the head, the turn with `calls` and the tenant configuration. */
async function given(calls: ToolCall[], config = demoConfig()) {
  await items.putTenant(config);
  await items.putHead(demoHead(conversationId));
  await items.putTurn(demoTurn(conversationId, calls));
}

const storedCalls = async () => (await items.turn(ref())).toolCalls;
function storeTool(name: string) {
  const tool = STORE_TOOLS[name];
  if (!tool) throw new Error(`No store tool ${name}`);
  return tool;
}
const resultOf = (call: ToolCall | undefined) =>
  JSON.parse(call?.result ?? 'null');

/**
 * Fails one write of the turn record, as a crashed or timed-out step
 * would: the `after` writes before it go through, and so do all after it.
 */
function failTurnWrite(after = 0) {
  const send = dynamo.send.bind(dynamo);
  let seen = 0;
  return jest.spyOn(dynamo, 'send').mockImplementation((async (
    command: unknown,
  ) => {
    const sk = command instanceof UpdateCommand ? command.input.Key?.sk : '';
    if (String(sk).startsWith('TURN#')) {
      seen += 1;
      if (seen === after + 1) {
        throw Object.assign(new Error('The service is unavailable'), {
          name: 'ServiceUnavailable',
        });
      }
    }
    return send(command as UpdateCommand);
  }) as never);
}

beforeAll(async () => {
  items = await DynaliteItems.start();
  data = await loadStoreDir('tenants/demo/store');
});

afterAll(async () => {
  await items.stop();
});

beforeEach(async () => {
  await items.clearConversations();
  counter += 1;
  conversationId = `conv-${counter}`;
  store = new MemoryStore(data);
  clearTenantCache();
  kms.reset();
  fakeKms(kms);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('act on a change the customer has not confirmed', () => {
  it('puts the change to the customer and changes nothing yet', async () => {
    // Prepare
    await given([
      toolCall('stove', 'return_delivered_order_items', RETURN_STOVE),
    ]);

    // Act
    const output = await act(ref(), deps());

    // Assess
    expect(output).toEqual({ ran: 1, approval: false });
    const [stored] = await storedCalls();
    expect(stored).toMatchObject({
      id: 'stove',
      status: 'awaiting_confirmation',
    });
    expect(stored?.confirmed).toBeUndefined();
    expect(resultOf(stored)).toEqual({
      status: 'awaiting_confirmation',
      change:
        'return Backpacking Stove (canister, piezo) [item 6587062274] of ' +
        'order #W4817203, refunding the Visa card ending 4417; refund of $58.29',
      instructions: expect.stringContaining('Nothing has changed yet'),
    });
    expect((await store.getOrder('#W4817203'))?.status).toBe('delivered');
  });

  it('remembers the change on the conversation head', async () => {
    // Prepare
    await given([toolCall('socks', 'cancel_pending_order', CANCEL_SOCKS)]);

    // Act
    await act(ref(), deps());

    // Assess
    const head = await items.head(ref());
    expect(head?.pendingConfirmation).toEqual({
      segment: 1,
      index: 2,
      callId: 'socks',
      askedAt: AT,
    });
  });

  it.each([
    [
      'cancel_pending_order',
      CANCEL_SOCKS,
      'cancel order #W5520914 (reason: no longer needed); refund of $18.89',
    ],
    [
      'return_delivered_order_items',
      RETURN_PAD,
      'return Sleeping Pad (air, regular) [item 5917732742] of order ' +
        '#W4817203, refunding the Visa card ending 4417; refund of $106.97',
    ],
    [
      'modify_user_address',
      MOVE_MAYA,
      // The street is personal data: stored as the vault's placeholder,
      // which the customer reads as written.
      'change the default address of maya_lindqvist_2417 to [ADDRESS_1], ' +
        'Bend, OR 97701, USA',
    ],
    [
      'modify_pending_order_payment',
      { order_id: '#W5520914', payment_method_id: 'gift_card_5289616' },
      'pay order #W5520914 with the gift card instead',
    ],
  ])('names the change %s makes in words', async (name, input, change) => {
    // Prepare
    await given([toolCall('c-1', name, input)]);

    // Act
    await act(ref(), deps());

    // Assess
    const [stored] = await storedCalls();
    expect(stored?.status).toBe('awaiting_confirmation');
    expect(resultOf(stored).change).toBe(change);
  });

  it('asks about one change of a reply and rejects the second', async () => {
    // Prepare
    await given([
      toolCall('stove', 'return_delivered_order_items', RETURN_STOVE),
      toolCall('socks', 'cancel_pending_order', CANCEL_SOCKS),
    ]);

    // Act
    const output = await act(ref(), deps());

    // Assess
    expect(output).toEqual({ ran: 2, approval: false });
    const [first, second] = await storedCalls();
    expect(first?.status).toBe('awaiting_confirmation');
    expect(second?.status).toBe('rejected');
    expect(resultOf(second).error).toContain('Another change');
    expect((await items.head(ref()))?.pendingConfirmation).toMatchObject({
      callId: 'stove',
    });
  });

  it('rejects a change of a later round while an earlier one waits', async () => {
    // Prepare
    const asked = toolCall(
      'stove',
      'return_delivered_order_items',
      RETURN_STOVE,
      {
        status: 'awaiting_confirmation',
        result: '{"status":"awaiting_confirmation"}',
      },
    );
    await given([
      asked,
      toolCall('socks', 'cancel_pending_order', CANCEL_SOCKS, { round: 2 }),
    ]);

    // Act
    await act(ref(), deps());

    // Assess
    const [first, second] = await storedCalls();
    expect(first).toEqual(asked);
    expect(second?.status).toBe('rejected');
    expect((await items.head(ref()))?.pendingConfirmation).toBeUndefined();
  });

  it('runs the reads of the reply and asks about the change', async () => {
    // Prepare
    await given([
      toolCall('read-1', 'get_order_details', { order_id: '#W4817203' }),
      toolCall('stove', 'return_delivered_order_items', RETURN_STOVE),
      toolCall('read-2', 'get_user_details', {
        user_id: 'maya_lindqvist_2417',
      }),
    ]);

    // Act
    const output = await act(ref(), deps());

    // Assess
    expect(output).toEqual({ ran: 3, approval: false });
    const statuses = (await storedCalls()).map((c) => c.status);
    expect(statuses).toEqual([
      'succeeded',
      'awaiting_confirmation',
      'succeeded',
    ]);
  });

  it.each([
    [
      'a return of a pending order',
      'return_delivered_order_items',
      { ...RETURN_STOVE, order_id: '#W5520914', item_ids: ['4534859961'] },
      'non-delivered order cannot be returned',
    ],
    [
      'a cancellation of a delivered order',
      'cancel_pending_order',
      { ...CANCEL_SOCKS, order_id: '#W4817203' },
      'non-pending order cannot be cancelled',
    ],
    [
      'a return of an item the order does not hold',
      'return_delivered_order_items',
      { ...RETURN_STOVE, item_ids: ['4534859961'] },
      'some item not found',
    ],
    [
      'a refund to a payment method the customer does not have',
      'return_delivered_order_items',
      { ...RETURN_STOVE, payment_method_id: 'credit_card_0000000' },
      'payment method not found',
    ],
    [
      'a change of an unknown order',
      'cancel_pending_order',
      { ...CANCEL_SOCKS, order_id: '#W0000000' },
      'order not found',
    ],
  ])('fails %s without asking', async (_, name, input, error) => {
    // Prepare
    await given([toolCall('c-1', name, input)]);

    // Act
    const output = await act(ref(), deps());

    // Assess
    expect(output).toEqual({ ran: 1, approval: false });
    const [stored] = await storedCalls();
    expect(stored?.status).toBe('failed');
    expect(resultOf(stored)).toEqual({ error });
    expect((await items.head(ref()))?.pendingConfirmation).toBeUndefined();
  });

  it('rejects without asking a change the store finds invalid', async () => {
    // Prepare
    jest
      .spyOn(STORE_TOOLS.cancel_pending_order, 'preview')
      .mockRejectedValue(new ValidationError('Invalid order_id'));
    await given([toolCall('socks', 'cancel_pending_order', CANCEL_SOCKS)]);

    // Act
    await act(ref(), deps());

    // Assess
    const [stored] = await storedCalls();
    expect(stored?.status).toBe('rejected');
    expect(resultOf(stored)).toEqual({ error: 'Invalid order_id' });
    expect((await items.head(ref()))?.pendingConfirmation).toBeUndefined();
  });

  const readsOnly = () =>
    demoConfig({
      enabled: demoConfig().tools.enabled.filter(
        (name) => TOOL_CATALOGUE[name]?.risk === 'read',
      ),
    });

  it.each([
    ['the tenant did not enable', CANCEL_SOCKS, readsOnly, 'not enabled'],
    [
      'has input outside its schema',
      { ...CANCEL_SOCKS, reason: 'changed my mind' },
      demoConfig,
      'reason',
    ],
  ])('rejects a change that %s', async (_, input, config, error) => {
    // Prepare
    await given([toolCall('socks', 'cancel_pending_order', input)], config());

    // Act
    await act(ref(), deps());

    // Assess
    const [stored] = await storedCalls();
    expect(stored?.status).toBe('rejected');
    expect(resultOf(stored).error).toContain(error);
    expect((await store.getOrder('#W5520914'))?.status).toBe('pending');
  });
});

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

describe('act stores each decision before the next', () => {
  it('keeps the first call when the second fails, and runs only the second again', async () => {
    // Prepare
    await given([
      toolCall('a', 'get_order_details', { order_id: '#W4817203' }),
      toolCall('b', 'get_order_details', { order_id: '#W5520914' }),
    ]);
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
    });
    const getOrder = jest.spyOn(store, 'getOrder');
    getOrder.mockImplementation(async (id) => {
      if (id === '#W5520914' && getOrder.mock.calls.length === 2) {
        throw throttled;
      }
      return MemoryStore.prototype.getOrder.call(store, id);
    });
    await expect(act(ref(), deps())).rejects.toThrow('backend');
    const [first, second] = await storedCalls();

    // Act
    const output = await act(ref(), deps());

    // Assess
    expect(first?.status).toBe('succeeded');
    expect(second?.status).toBe('requested');
    expect(output).toEqual({ ran: 1, approval: false });
    expect(getOrder.mock.calls.map(([id]) => id)).toEqual([
      '#W4817203',
      '#W5520914',
      '#W5520914',
    ]);
    expect((await storedCalls())[1]?.status).toBe('succeeded');
  });

  it('keeps the change put to the customer when a later call fails', async () => {
    // Prepare
    await given([
      toolCall('socks', 'cancel_pending_order', CANCEL_SOCKS),
      toolCall('read', 'get_order_details', { order_id: '#W4817203' }),
    ]);
    failTurnWrite(1);
    await expect(act(ref(), deps())).rejects.toThrow('unavailable');
    const [asked, unread] = await storedCalls();

    // Act
    await act(ref(), deps());

    // Assess
    expect(asked?.status).toBe('awaiting_confirmation');
    expect(unread?.status).toBe('requested');
    const [first, second] = await storedCalls();
    expect(first).toEqual(asked);
    expect(second?.status).toBe('succeeded');
    expect((await items.head(ref()))?.pendingConfirmation).toMatchObject({
      callId: 'socks',
    });
  });

  it('writes nothing when no call is open', async () => {
    // Prepare
    const declined = toolCall('socks', 'cancel_pending_order', CANCEL_SOCKS, {
      status: 'declined',
      result: '{"status":"declined"}',
    });
    await given([declined]);
    const send = jest.spyOn(dynamo, 'send');

    // Act
    const output = await act(ref(), deps());

    // Assess
    expect(output).toEqual({ ran: 0, approval: false });
    expect(send).toHaveBeenCalledTimes(1);
  });
});
