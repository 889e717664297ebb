import type { User } from '../../../schemas/store';
import {
  type ModifyUserAddressInput,
  ModifyUserAddressInputSchema,
} from '../../../schemas/tools/store';
import type { StoreAdapter } from './adapter';
import { RevisionConflictError } from './errors';
import { userJson } from './json';
import { found, type StoreTool, toolInput } from './tool';
import { appliedWrite, fingerprint, withAppliedWrite } from './write-log';

const NAME = 'modify_user_address';

/** Attempts of a call whose user changed under it before it could write. */
const ATTEMPTS = 3;

/**
 * Changes a user's default address; the addresses of existing orders stay
 * as they are. One conditional put of the user item, guarded by its
 * revision and carrying the idempotency key with the result; the name and
 * zip lookup item follows (see `DynamoStore`).
 */
export const modifyUserAddress: StoreTool = {
  name: NAME,
  run: async (store, input, options) =>
    runModifyUserAddress(
      store,
      toolInput(NAME, ModifyUserAddressInputSchema, input),
      options?.idempotencyKey,
    ),
  preview: async (store, input) => {
    const { user_id } = toolInput(NAME, ModifyUserAddressInputSchema, input);
    found(await store.getUser(user_id), 'user');
    return { refundCents: 0 };
  },
};

async function runModifyUserAddress(
  store: StoreAdapter,
  input: ModifyUserAddressInput,
  key: string | undefined,
): Promise<unknown> {
  const print = fingerprint(NAME, input);
  for (let attempt = 1; ; attempt += 1) {
    const user = found(await store.getUser(input.user_id), 'user');
    const applied =
      key === undefined ? undefined : appliedWrite(user, key, print);
    if (applied) return JSON.parse(applied.result ?? 'null');

    const { address1, address2, city, state, country, zip } = input;
    const updated: User = {
      ...user,
      address: { address1, address2, city, country, state, zip },
    };
    const result = userJson(updated);
    const entry =
      key === undefined
        ? undefined
        : {
            key,
            fingerprint: print,
            result: JSON.stringify(result),
          };
    try {
      await store.putUser(input.user_id, withAppliedWrite(updated, entry), {
        expectedRevision: user.revision ?? 0,
      });
      return result;
    } catch (error) {
      if (!(error instanceof RevisionConflictError) || attempt >= ATTEMPTS) {
        throw error;
      }
    }
  }
}
