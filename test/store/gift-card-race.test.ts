import { InvariantError } from '../../functions/shared/errors';
import type { PutOptions } from '../../functions/shared/store/adapter';
import {
  GiftCardShortError,
  ToolError,
} from '../../functions/shared/store/errors';
import { decodeStoreJson } from '../../functions/shared/store/json';
import { MemoryStore } from '../../functions/shared/store/memory';
import type { Order, User } from '../../schemas/store';
import { writeStoreJson } from './write-fixtures';
import { balance, run } from './write-tools';

const USER = 'ben_marlow_2002';
const CARD = 'gift_card_2000002';
const PAY_WITH_CARD = { order_id: '#W1000004', payment_method_id: CARD };

/**
 * A store where, right after the call writes the order, another
 * conversation spends the user's gift card down to `leftCents`; and, when
 * asked, changes the order again before the call can undo its write.
 */
class SpentStore extends MemoryStore {
  orderWrites = 0;
  private spent = false;

  constructor(
    private readonly leftCents: number,
    private readonly touchAfterWrite = false,
  ) {
    const json = writeStoreJson();
    // $100 on the card: enough for the order when the call plans.
    const card = json.users[USER]?.payment_methods[CARD];
    if (card?.source === 'gift_card') card.balance = 100;
    super(decodeStoreJson(json));
  }

  override async putOrder(order: Order, options?: PutOptions) {
    await super.putOrder(order, options);
    this.orderWrites += 1;
    if (this.spent) return;
    this.spent = true;
    const user = await this.getUser(USER);
    const card = user?.payment_methods[CARD];
    if (!user || card?.source !== 'gift_card') throw new Error('fixture');
    await this.putUser(
      USER,
      {
        ...user,
        payment_methods: {
          ...user.payment_methods,
          [CARD]: { ...card, balance: this.leftCents },
        },
      },
      { expectedRevision: user.revision ?? 0 },
    );
    if (this.touchAfterWrite) {
      const stored = await this.getOrder(order.order_id);
      if (stored) {
        await super.putOrder(stored, {
          expectedRevision: stored.revision ?? 0,
        });
      }
    }
  }
}

/** A store whose next balance write, once armed, is lost as in a crash. */
class CrashingStore extends MemoryStore {
  armed = false;

  constructor() {
    super(decodeStoreJson(writeStoreJson()));
  }

  override async putUser(userId: string, user: User, options?: PutOptions) {
    if (this.armed) {
      this.armed = false;
      throw new Error('crashed before the balance was written');
    }
    await super.putUser(userId, user, options);
  }
}

/** Sets the card's balance as another writer would. */
async function spend(store: MemoryStore, leftCents: number): Promise<void> {
  const user = await store.getUser(USER);
  const card = user?.payment_methods[CARD];
  if (!user || card?.source !== 'gift_card') throw new Error('fixture');
  await store.putUser(
    USER,
    {
      ...user,
      payment_methods: {
        ...user.payment_methods,
        [CARD]: { ...card, balance: leftCents },
      },
    },
    { expectedRevision: user.revision ?? 0 },
  );
}

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('a gift card spent while an order is changed', () => {
  it.each([
    ['with an idempotency key', 'k-1'],
    ['without one', undefined],
  ])('puts the order back and keeps the balance %s', async (_, key) => {
    // Prepare
    const store = new SpentStore(10);
    const before = await store.getOrder(PAY_WITH_CARD.order_id);

    // Act
    const error = await failure(
      run(store, 'modify_pending_order_payment', PAY_WITH_CARD, key),
    );

    // Assess
    expect(error).toBeInstanceOf(GiftCardShortError);
    expect(error).toBeInstanceOf(ToolError);
    expect(await balance(store, USER, CARD)).toBe(10);
    const after = await store.getOrder(PAY_WITH_CARD.order_id);
    const { revision: _r1, writes: _w1, ...was } = before as Order;
    const { revision: _r2, writes: w2, ...is } = after as Order;
    expect(is).toEqual(was);
    expect(w2 ?? []).toEqual(before?.writes ?? []);
  });

  it('decides again from the start when the same call is repeated', async () => {
    // Prepare
    const store = new SpentStore(10);
    await failure(
      run(store, 'modify_pending_order_payment', PAY_WITH_CARD, 'k-2'),
    );

    // Act
    const again = await failure(
      run(store, 'modify_pending_order_payment', PAY_WITH_CARD, 'k-2'),
    );

    // Assess: refused by the plan now, without touching anything
    expect(again).toBeInstanceOf(ToolError);
    expect(again).not.toBeInstanceOf(GiftCardShortError);
    expect((again as Error).message).toBe(
      'insufficient gift card balance to pay for the order',
    );
    expect(await balance(store, USER, CARD)).toBe(10);
  });

  it('leaves a balance that still covers the debit to the change', async () => {
    // Prepare: spent, but 200 dollars are left
    const store = new SpentStore(20_000);

    // Act
    await run(store, 'modify_pending_order_payment', PAY_WITH_CARD, 'k-3');

    // Assess
    const order = await store.getOrder(PAY_WITH_CARD.order_id);
    expect(order?.payment_history).toContainEqual(
      expect.objectContaining({
        transaction_type: 'payment',
        payment_method_id: CARD,
      }),
    );
    expect(await balance(store, USER, CARD)).toBeLessThan(20_000);
    expect(await balance(store, USER, CARD)).toBeGreaterThanOrEqual(0);
  });

  it('puts the order back when a repeated call finds the card spent', async () => {
    // Prepare: the first attempt wrote the order, then crashed
    const store = new CrashingStore();
    await spend(store, 10_000);
    const before = await store.getOrder(PAY_WITH_CARD.order_id);
    store.armed = true;
    const crash = await failure(
      run(store, 'modify_pending_order_payment', PAY_WITH_CARD, 'k-5'),
    );
    await spend(store, 10);

    // Act
    const error = await failure(
      run(store, 'modify_pending_order_payment', PAY_WITH_CARD, 'k-5'),
    );

    // Assess
    expect((crash as Error).message).toMatch(/crashed/);
    expect(error).toBeInstanceOf(GiftCardShortError);
    expect(await balance(store, USER, CARD)).toBe(10);
    const after = await store.getOrder(PAY_WITH_CARD.order_id);
    const { revision: _r1, ...was } = before as Order;
    const { revision: _r2, ...is } = after as Order;
    expect(is).toEqual(was);
  });

  it('refuses to undo over a later change of the order, for a person', async () => {
    // Prepare
    const store = new SpentStore(10, true);

    // Act
    const error = await failure(
      run(store, 'modify_pending_order_payment', PAY_WITH_CARD, 'k-4'),
    );

    // Assess
    expect(error).toBeInstanceOf(InvariantError);
    expect(await balance(store, USER, CARD)).toBe(10);
  });
});
