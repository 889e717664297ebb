import { ConflictError } from '../../functions/shared/errors';
import type { PutOptions } from '../../functions/shared/store/adapter';
import { decodeStoreJson } from '../../functions/shared/store/json';
import { MemoryStore } from '../../functions/shared/store/memory';
import { STORE_TOOLS } from '../../functions/shared/store/tools';
import {
  MAX_APPLIED_WRITES,
  withAppliedWrite,
} from '../../functions/shared/store/write-log';
import type { Order, User } from '../../schemas/store';
import { writeStoreJson } from './write-fixtures';
import { balance, expectRefusal, run, writeStore } from './write-tools';

/** A store whose next user put fails, or whose next order put races. */
class UnreliableStore extends MemoryStore {
  failNextUserPut = false;
  beforeNextOrderPut?: () => Promise<void>;

  override async putUser(userId: string, user: User, options?: PutOptions) {
    if (this.failNextUserPut) {
      this.failNextUserPut = false;
      throw new Error('connection reset');
    }
    await super.putUser(userId, user, options);
  }

  override async putOrder(order: Order, options?: PutOptions) {
    const race = this.beforeNextOrderPut;
    this.beforeNextOrderPut = undefined;
    await race?.();
    await super.putOrder(order, options);
  }
}

const unreliableStore = () =>
  new UnreliableStore(decodeStoreJson(writeStoreJson()));

const CANCEL = { order_id: '#W1000002', reason: 'no longer needed' };

describe('write tools with an idempotency key', () => {
  it('return the first result and change nothing when repeated', async () => {
    // Prepare
    const store = writeStore();
    const first = await run(store, 'cancel_pending_order', CANCEL, 'k-1');

    // Act
    const again = await run(store, 'cancel_pending_order', CANCEL, 'k-1');

    // Assess
    expect(again).toEqual(first);
    expect(await balance(store, 'ada_quill_1001', 'gift_card_1000002')).toBe(
      5000,
    );
    expect((await store.getOrder('#W1000002'))?.payment_history).toHaveLength(
      2,
    );
  });

  it('keep the key out of the result', async () => {
    // Act
    const result = await run(
      writeStore(),
      'cancel_pending_order',
      CANCEL,
      'k-1',
    );

    // Assess
    expect(Object.keys(result as object)).not.toContain('writes');
    expect(Object.keys(result as object)).not.toContain('revision');
  });

  it('run again under another key, and meet the policy', async () => {
    // Prepare
    const store = writeStore();
    await run(store, 'cancel_pending_order', CANCEL, 'k-1');

    // Act
    const call = run(store, 'cancel_pending_order', CANCEL, 'k-2');

    // Assess
    await expectRefusal(call, 'non-pending order cannot be cancelled');
  });

  it('throw ConflictError for a key reused with another input', async () => {
    // Prepare
    const store = writeStore();
    await run(store, 'cancel_pending_order', CANCEL, 'k-1');

    // Act
    const call = run(
      store,
      'cancel_pending_order',
      { ...CANCEL, reason: 'ordered by mistake' },
      'k-1',
    );

    // Assess
    await expect(call).rejects.toThrow(ConflictError);
  });

  it('finish a gift card refund that a failed call left undone', async () => {
    // Prepare
    const store = unreliableStore();
    store.failNextUserPut = true;
    const failed = run(store, 'cancel_pending_order', CANCEL, 'k-1');
    await expect(failed).rejects.toThrow('connection reset');
    const halfway = await balance(store, 'ada_quill_1001', 'gift_card_1000002');

    // Act
    const result = await run(store, 'cancel_pending_order', CANCEL, 'k-1');
    await run(store, 'cancel_pending_order', CANCEL, 'k-1');

    // Assess
    expect(halfway).toBe(2550);
    expect(result).toMatchObject({ status: 'cancelled' });
    expect(await balance(store, 'ada_quill_1001', 'gift_card_1000002')).toBe(
      5000,
    );
  });

  it('decide again when the order changed before the write', async () => {
    // Prepare
    const store = unreliableStore();
    store.beforeNextOrderPut = async () => {
      await STORE_TOOLS.modify_pending_order_address.run(store, {
        order_id: '#W1000002',
        address1: '2 Pine Court',
        address2: '',
        city: 'Bend',
        state: 'OR',
        country: 'USA',
        zip: '97702',
      });
    };

    // Act
    const result = await run(store, 'cancel_pending_order', CANCEL, 'k-1');

    // Assess
    expect(result).toMatchObject({
      status: 'cancelled',
      address: { address1: '2 Pine Court' },
    });
    expect(await balance(store, 'ada_quill_1001', 'gift_card_1000002')).toBe(
      5000,
    );
  });

  it('return a user change recorded earlier, keeping later changes', async () => {
    // Prepare
    const store = writeStore();
    const address = (zip: string) => ({
      user_id: 'ada_quill_1001',
      address1: '3 Elm Row',
      address2: '',
      city: 'Bend',
      state: 'OR',
      country: 'USA',
      zip,
    });
    const first = await run(
      store,
      'modify_user_address',
      address('97703'),
      'a',
    );
    await run(store, 'modify_user_address', address('97704'), 'b');

    // Act
    const again = await run(
      store,
      'modify_user_address',
      address('97703'),
      'a',
    );

    // Assess
    expect(again).toEqual(first);
    expect((await store.getUser('ada_quill_1001'))?.address.zip).toBe('97704');
  });
});

describe('write tools without an idempotency key', () => {
  it('run every call anew', async () => {
    // Prepare
    const store = writeStore();
    await run(store, 'cancel_pending_order', CANCEL);

    // Act
    const call = run(store, 'cancel_pending_order', CANCEL);

    // Assess
    await expectRefusal(call, 'non-pending order cannot be cancelled');
  });
});

describe('withAppliedWrite', () => {
  it(`keeps the latest ${MAX_APPLIED_WRITES} calls of a record`, () => {
    // Prepare
    let order = decodeStoreJson(writeStoreJson()).orders['#W1000002'];

    // Act
    for (let i = 1; i <= MAX_APPLIED_WRITES + 5; i += 1) {
      order = withAppliedWrite(order, { key: `k-${i}`, fingerprint: 'f' });
    }

    // Assess
    expect(order.writes).toHaveLength(MAX_APPLIED_WRITES);
    expect(order.writes?.[0].key).toBe('k-6');
    expect(order.writes?.at(-1)?.key).toBe(`k-${MAX_APPLIED_WRITES + 5}`);
  });
});
