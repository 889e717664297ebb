import type { StoreReader } from '../../functions/shared/store/adapter';
import { orderJson, userJson } from '../../functions/shared/store/json';
import type { StoreData } from '../../schemas/store';
import type { RecordingStore } from './recording-store';
import type { ReferenceTask } from './tau-bench';

/**
 * The records a replayed task wrote or τ-bench changed, read back from the
 * store and as τ-bench left them, both in τ-bench's JSON (dollars).
 */

/** Changed records, as τ-bench shows them, read back from `store`. */
export async function recordsAfter(
  store: StoreReader,
  recording: RecordingStore,
  task: ReferenceTask,
) {
  const users = new Set([
    ...recording.writtenUsers,
    ...Object.keys(task.changed.users ?? {}),
  ]);
  const orders = new Set([
    ...recording.writtenOrders,
    ...Object.keys(task.changed.orders ?? {}),
  ]);
  const read = async <T>(ids: Set<string>, get: (id: string) => Promise<T>) =>
    Object.fromEntries(
      await Promise.all([...ids].map(async (id) => [id, await get(id)])),
    );
  return {
    users: await read(users, async (id) => {
      const user = await store.getUser(id);
      return user && userJson(user);
    }),
    orders: await read(orders, async (id) => {
      const order = await store.getOrder(id);
      return order && orderJson(order);
    }),
  };
}

/** The same records as τ-bench left them: changed ones, others as loaded. */
export function referenceRecords(
  data: StoreData,
  task: ReferenceTask,
  ids: { users: object; orders: object },
) {
  const pick = <T>(
    keys: object,
    changed: Record<string, unknown> | undefined,
    original: (id: string) => T,
  ) =>
    Object.fromEntries(
      Object.keys(keys).map((id) => [id, changed?.[id] ?? original(id)]),
    );
  return {
    users: pick(ids.users, task.changed.users, (id) =>
      userJson(data.users[id]),
    ),
    orders: pick(ids.orders, task.changed.orders, (id) =>
      orderJson(data.orders[id]),
    ),
  };
}
