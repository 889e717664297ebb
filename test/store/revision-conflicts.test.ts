import { ConflictError } from '../../functions/shared/errors';
import type { PutOptions } from '../../functions/shared/store/adapter';
import { RevisionConflictError } from '../../functions/shared/store/errors';
import { decodeStoreJson } from '../../functions/shared/store/json';
import { MemoryStore } from '../../functions/shared/store/memory';
import type { Order, User } from '../../schemas/store';
import { writeStoreJson } from './write-fixtures';
import { balance, run } from './write-tools';

/**
 * A store where another writer changes the contested kind of record just
 * before every conditional put of it, until `settle` is called.
 */
class ContestedStore extends MemoryStore {
  readonly puts = { order: 0, user: 0 };
  private contested: 'order' | 'user' | undefined;

  constructor(contested: 'order' | 'user') {
    super(decodeStoreJson(writeStoreJson()));
    this.contested = contested;
  }

  settle(): void {
    this.contested = undefined;
  }

  override async putOrder(order: Order, options?: PutOptions) {
    this.puts.order += 1;
    if (this.contested === 'order') await this.touchOrder(order.order_id);
    await super.putOrder(order, options);
  }

  override async putUser(userId: string, user: User, options?: PutOptions) {
    this.puts.user += 1;
    if (this.contested === 'user') await this.touchUser(userId);
    await super.putUser(userId, user, options);
  }

  private async touchOrder(orderId: string): Promise<void> {
    const stored = await this.getOrder(orderId);
    if (stored)
      await super.putOrder(stored, { expectedRevision: revision(stored) });
  }

  private async touchUser(userId: string): Promise<void> {
    const stored = await this.getUser(userId);
    if (stored) {
      await super.putUser(userId, stored, {
        expectedRevision: revision(stored),
      });
    }
  }
}

const revision = (record: { revision?: number }) => record.revision ?? 0;

const CANCEL = { order_id: '#W1000002', reason: 'no longer needed' };
const ADDRESS = {
  user_id: 'ada_quill_1001',
  address1: '3 Elm Row',
  address2: '',
  city: 'Bend',
  state: 'OR',
  country: 'USA',
  zip: '97703',
};

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('write tools under concurrent writers', () => {
  it.each([
    [
      'an order that keeps changing',
      'order',
      'cancel_pending_order',
      CANCEL,
      3,
    ],
    ['a user that keeps changing', 'user', 'modify_user_address', ADDRESS, 3],
    [
      'a gift card whose user keeps changing',
      'user',
      'cancel_pending_order',
      CANCEL,
      5,
    ],
  ] as const)(
    'gives up on %s with a RevisionConflictError',
    async (_, contested, tool, input, attempts) => {
      // Prepare
      const store = new ContestedStore(contested);

      // Act
      const error = await failure(run(store, tool, input, 'k-1'));

      // Assess
      expect(error).toBeInstanceOf(RevisionConflictError);
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as Error).name).toBe('RevisionConflictError');
      expect(store.puts[contested]).toBe(attempts);
    },
  );

  it('finishes the change once when it runs again after the conflict', async () => {
    // Prepare
    const store = new ContestedStore('user');
    await failure(run(store, 'cancel_pending_order', CANCEL, 'k-1'));
    const halfway = await balance(store, 'ada_quill_1001', 'gift_card_1000002');
    store.settle();

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

  it('keeps a key reused for another call a ConflictError, never a revision conflict', async () => {
    // Prepare
    const store = new ContestedStore('order');
    store.settle();
    await run(store, 'cancel_pending_order', CANCEL, 'k-1');

    // Act
    const error = await failure(
      run(
        store,
        'cancel_pending_order',
        { ...CANCEL, reason: 'ordered by mistake' },
        'k-1',
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).not.toBeInstanceOf(RevisionConflictError);
    expect((error as Error).name).toBe('ConflictError');
  });
});

describe('conditional puts of the memory store', () => {
  it('throw a RevisionConflictError over a stale revision', async () => {
    // Prepare
    const store = new ContestedStore('order');
    store.settle();
    const order = await store.getOrder('#W1000002');

    // Act
    const error = await failure(
      store.putOrder(order as Order, { expectedRevision: 7 }),
    );

    // Assess
    expect(error).toBeInstanceOf(RevisionConflictError);
  });
});
