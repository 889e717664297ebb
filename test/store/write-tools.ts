import { ToolError } from '../../functions/shared/store/errors';
import { MemoryStore } from '../../functions/shared/store/memory';
import { STORE_TOOLS } from '../../functions/shared/store/tools';
import type { StoreJson } from '../../schemas/store';
import { writeStoreJson } from './write-fixtures';

/** A fresh in-memory store of the write fixture, changed by `edit` first. */
export function writeStore(edit?: (json: StoreJson) => void): MemoryStore {
  const json = writeStoreJson();
  edit?.(json);
  return MemoryStore.fromJson(json);
}

/** Runs a store tool by name. */
export const run = (
  store: MemoryStore,
  name: string,
  input: object,
  idempotencyKey?: string,
) => STORE_TOOLS[name].run(store, input, { idempotencyKey });

/** Asserts that the call throws a `ToolError` with exactly `message`. */
export async function expectRefusal(
  call: Promise<unknown>,
  message: string,
): Promise<void> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ToolError);
  expect((error as ToolError).message).toBe(message);
}

/** A gift card's balance in cents. */
export async function balance(
  store: MemoryStore,
  userId: string,
  id: string,
): Promise<number | undefined> {
  const method = (await store.getUser(userId))?.payment_methods[id];
  return method?.source === 'gift_card' ? method.balance : undefined;
}
