import type * as z from 'zod';
import {
  type AppliedWrite,
  type Cents,
  type Order,
  OrderSchema,
  type Product,
  type User,
} from '../../../schemas/store';
import { InvariantError } from '../errors';
import { logger } from '../observability';
import type { StoreAdapter, StoreReader } from './adapter';
import { GiftCardShortError, RevisionConflictError } from './errors';
import { orderJson } from './json';
import { orderLabels } from './labels';
import { found, type StoreTool, toolInput } from './tool';
import { appliedWrite, fingerprint, withAppliedWrite } from './write-log';

/**
 * How the tools that change an order run: read the records, decide the
 * change with a pure plan (which enforces the policy and throws
 * `ToolError`), then write.
 *
 * Writes are single-item conditional puts, never a transaction. The order
 * is written first, guarded by its revision, and carries the idempotency
 * key with the result and the gift card changes still to make; the user's
 * gift card balances follow as a second write, guarded by the user's
 * revision and marked with the same key. A crash between the two leaves
 * the order changed and the balance not yet: the same call repeated with
 * its key finds the order done and finishes the balance, never twice.
 * Without a key nothing can finish it, so callers that may repeat a call
 * must pass one.
 *
 * A debit is checked again against the balance it is taken from: when
 * another change spent the gift card between the plan and the balance
 * write, the order is put back as it was (the call's log entry carries
 * the order before it) and the call fails with `GiftCardShortError`, so
 * no balance goes below zero.
 */

/** The records a plan decides on. */
export interface OrderRecords {
  readonly order: Order;
  /** The order's user (payment methods, gift card balances). */
  readonly user: User;
  /** Products of the order's items by id, when the tool asks for them. */
  readonly products: ReadonlyMap<string, Product>;
}

/** What a call changes, decided from the records before it. */
export interface OrderChange {
  /** The order as it reads after the call. */
  readonly order: Order;
  /** Balance changes of the user's gift cards, cents by payment method id. */
  readonly giftCardChanges: Readonly<Record<string, Cents>>;
  /** Money the customer gets back through the call (≥ 0). */
  readonly refundCents: Cents;
}

export interface OrderWriteTool<S extends z.ZodType<{ order_id: string }>> {
  readonly name: string;
  readonly schema: S;
  /** Decides the change; throws `ToolError` when the policy refuses. */
  readonly plan: (records: OrderRecords, input: z.output<S>) => OrderChange;
  /** Whether the plan needs the products of the order's items. */
  readonly needsProducts?: boolean;
}

/** Attempts of a call whose order changed under it before it could write. */
const ORDER_ATTEMPTS = 3;
/** Attempts of a gift card change whose user changed under it. */
const USER_ATTEMPTS = 5;

/** A store tool that changes one order (and maybe its user's gift cards). */
export function implementOrderWrite<S extends z.ZodType<{ order_id: string }>>(
  tool: OrderWriteTool<S>,
): StoreTool {
  const parse = (input: unknown) => toolInput(tool.name, tool.schema, input);
  return {
    name: tool.name,
    run: async (store, input, options) =>
      runOrderWrite(store, tool, parse(input), options?.idempotencyKey),
    preview: async (store, raw) => {
      const input = parse(raw);
      const order = found(await store.getOrder(input.order_id), 'order');
      const records = await loadRecords(store, order, tool.needsProducts);
      const { refundCents } = tool.plan(records, input);
      const products = records.products.values();
      return {
        refundCents,
        labels: orderLabels(records.order, records.user, products),
      };
    },
  };
}

async function runOrderWrite<S extends z.ZodType<{ order_id: string }>>(
  store: StoreAdapter,
  tool: OrderWriteTool<S>,
  input: z.output<S>,
  key: string | undefined,
): Promise<unknown> {
  const print = fingerprint(tool.name, input);
  for (let attempt = 1; ; attempt += 1) {
    const order = found(await store.getOrder(input.order_id), 'order');
    const applied =
      key === undefined ? undefined : appliedWrite(order, key, print);
    if (applied) return finish(store, order, applied);

    const records = await loadRecords(store, order, tool.needsProducts);
    const change = tool.plan(records, input);
    const result = orderJson(change.order);
    const entry =
      key === undefined
        ? undefined
        : logEntry(key, print, result, change, order);
    try {
      await store.putOrder(withAppliedWrite(change.order, entry), {
        expectedRevision: order.revision ?? 0,
      });
    } catch (error) {
      const conflict = error instanceof RevisionConflictError;
      if (!conflict || attempt >= ORDER_ATTEMPTS) {
        throw error;
      }
      logger.warn('Order changed during a write, deciding again', {
        tool: tool.name,
        attempt,
      });
      continue;
    }

    try {
      await changeGiftCards(
        store,
        order.user_id,
        change.giftCardChanges,
        entry,
      );
    } catch (error) {
      if (error instanceof GiftCardShortError) {
        await undoOrderWrite(store, order, key);
      }
      throw error;
    }
    return result;
  }
}

function logEntry(
  key: string,
  print: string,
  result: unknown,
  change: OrderChange,
  before: Order,
): AppliedWrite {
  const changes = Object.values(change.giftCardChanges);
  const { writes: _log, ...order } = before;
  return {
    key,
    fingerprint: print,
    result: JSON.stringify(result),
    ...(changes.length > 0
      ? { gift_card_changes: { ...change.giftCardChanges } }
      : {}),
    ...(changes.some((cents) => cents < 0)
      ? { undo: JSON.stringify(order) }
      : {}),
  };
}

/** A repeated call: finish what the first one left, return its result. */
async function finish(
  store: StoreAdapter,
  order: Order,
  applied: AppliedWrite,
): Promise<unknown> {
  const changes = applied.gift_card_changes ?? {};
  try {
    await changeGiftCards(store, order.user_id, changes, applied);
  } catch (error) {
    if (error instanceof GiftCardShortError && applied.undo) {
      const before = OrderSchema.parse(JSON.parse(applied.undo));
      await undoOrderWrite(store, before, applied.key);
    }
    throw error;
  }
  return JSON.parse(applied.result ?? 'null');
}

/**
 * Puts the order back as `before` when the call's write is still its
 * latest (the order's revision is the one after `before`); with `key`, an
 * order whose log no longer names the call was put back already. A later
 * change of the order in between cannot be undone safely: that is an
 * `InvariantError`, for a person to sort out.
 */
async function undoOrderWrite(
  store: StoreAdapter,
  before: Order,
  key: string | undefined,
): Promise<void> {
  const current = found(await store.getOrder(before.order_id), 'order');
  const writes = current.writes ?? [];
  if (key !== undefined && !writes.some((w) => w.key === key)) return;

  const { revision, writes: logBefore, ...restored } = before;
  const log =
    key === undefined ? logBefore : writes.filter((w) => w.key !== key);
  const changedAgain = new InvariantError(
    `Order ${before.order_id} changed again before a debit its gift card ` +
      'no longer covers could be undone',
  );
  if ((current.revision ?? 0) !== (revision ?? 0) + 1) throw changedAgain;
  try {
    await store.putOrder(
      log?.length ? { ...restored, writes: log } : restored,
      {
        expectedRevision: current.revision ?? 0,
      },
    );
  } catch (error) {
    throw error instanceof RevisionConflictError ? changedAgain : error;
  }
  logger.warn('Gift card no longer covered the debit; order put back', {
    order_id: before.order_id,
  });
}

async function loadRecords(
  store: StoreReader,
  order: Order,
  needsProducts = false,
): Promise<OrderRecords> {
  const user = await store.getUser(order.user_id);
  if (!user) {
    throw new InvariantError(
      `Order ${order.order_id} belongs to unknown user ${order.user_id}`,
    );
  }
  const ids = needsProducts
    ? [...new Set(order.items.map((item) => item.product_id))]
    : [];
  const products = await Promise.all(ids.map((id) => store.getProduct(id)));

  return {
    order,
    user,
    products: new Map(
      products.flatMap((p) => (p ? [[p.product_id, p] as const] : [])),
    ),
  };
}

/**
 * Adds `changes` to the user's gift card balances, once per idempotency
 * key: a user already marked with the entry's key is left as it is.
 */
async function changeGiftCards(
  store: StoreAdapter,
  userId: string,
  changes: Readonly<Record<string, Cents>>,
  entry: AppliedWrite | undefined,
): Promise<void> {
  if (Object.keys(changes).length === 0) return;

  for (let attempt = 1; ; attempt += 1) {
    const user = await store.getUser(userId);
    if (!user) throw new InvariantError(`User ${userId} disappeared`);
    if (entry && appliedWrite(user, entry.key, entry.fingerprint)) return;

    const mark = entry && { key: entry.key, fingerprint: entry.fingerprint };
    const updated = withAppliedWrite(addToBalances(user, changes), mark);
    refuseOverdraft(updated, changes);
    try {
      await store.putUser(userId, updated, {
        expectedRevision: user.revision ?? 0,
      });
      return;
    } catch (error) {
      const conflict = error instanceof RevisionConflictError;
      if (!conflict || attempt >= USER_ATTEMPTS) {
        throw error;
      }
    }
  }
}

/** Throws `GiftCardShortError` when a debit took a balance below zero. */
function refuseOverdraft(
  user: User,
  changes: Readonly<Record<string, Cents>>,
): void {
  for (const [id, cents] of Object.entries(changes)) {
    const method = user.payment_methods[id];
    if (cents < 0 && method?.source === 'gift_card' && method.balance < 0) {
      throw new GiftCardShortError(
        'insufficient gift card balance: it was spent while the order ' +
          'was being changed, so the order is unchanged',
      );
    }
  }
}

function addToBalances(
  user: User,
  changes: Readonly<Record<string, Cents>>,
): User {
  const methods = { ...user.payment_methods };
  for (const [id, cents] of Object.entries(changes)) {
    const method = methods[id];
    if (method?.source !== 'gift_card') {
      throw new InvariantError(`Payment method ${id} is not a gift card`);
    }
    methods[id] = { ...method, balance: method.balance + cents };
  }
  return { ...user, payment_methods: methods };
}
