import type { ConversationRef } from '../conversations';
import { TransientError } from '../errors';
import { logger } from '../observability';
import { forCustomer } from './customer-view';
import { type DataKey, newDataKey, openDataKey } from './data-keys';
import { piiKeyId } from './key-id';
import { mergeAdditions } from './merge';
import { redact, reidentify } from './redact';
import { seal, unseal } from './sealed';
import type { PiiType, Redaction } from './types';
import { PiiVault, type PiiVaultJson } from './vault';
import { getVaultItem, putVaultItem, vaultAssociatedData } from './vault-item';
import { mapStrings } from './walk';

/** Conditional writes one save tries before giving up as transient. */
const MAX_SAVE_ATTEMPTS = 5;
/** Times `withConversationVault` redoes its work after a clash. */
const MAX_REDO_ATTEMPTS = 3;

interface Stored {
  readonly vault: PiiVault;
  readonly version: number;
  readonly key?: DataKey;
}

/**
 * One conversation's PII vault, as loaded for one step: redacts text into
 * placeholders that stay stable across the conversation, puts values back
 * where a tool needs them, and shows the customer what they may see.
 * `save()` stores what was added; without additions it writes nothing.
 *
 * @example
 * const vault = await openVault({ tenantId, conversationId });
 * const text = vault.redactText('card 4111 1111 1111 1111'); // 'card [CARD_1]'
 * await vault.save();
 */
export class ConversationVault {
  readonly #ref: ConversationRef;
  #vault: PiiVault;
  #saved: ReadonlySet<string>;
  #version: number;
  #key?: DataKey;

  constructor(ref: ConversationRef, stored: Stored) {
    this.#ref = ref;
    this.#vault = stored.vault;
    this.#saved = new Set(Object.keys(stored.vault.toJSON()));
    this.#version = stored.version;
    this.#key = stored.key;
  }

  /** The text with personal data replaced, and what was replaced. */
  redact(text: string): Redaction {
    return redact(text, this.#vault);
  }

  /** The text with personal data replaced by placeholders. */
  redactText(text: string): string {
    return redact(text, this.#vault).text;
  }

  /** A copy of a JSON-like value with every string in it redacted. */
  redactJson<T>(value: T): T {
    return mapStrings(value, (text) => this.redactText(text));
  }

  /**
   * JSON text with every string in it redacted, string by string, so a
   * match can never reach across JSON syntax; text that is not JSON is
   * redacted as text.
   */
  redactJsonText(text: string): string {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return this.redactText(text);
    }
    return JSON.stringify(this.redactJson(value));
  }

  /** Messages (or anything with a `text`) with their texts redacted. */
  redactMessages<T extends { readonly text: string }>(
    messages: readonly T[],
  ): T[] {
    return messages.map((m) => ({ ...m, text: this.redactText(m.text) }));
  }

  /**
   * A copy of a tool's input with the placeholders of `allowedTypes` (all
   * types when omitted) replaced by their values, at any depth. Only the
   * act step calls this, right before the tool runs; the input stored on
   * the turn keeps its placeholders.
   */
  reidentifyInput<T>(input: T, allowedTypes?: Iterable<PiiType>): T {
    const allowed = allowedTypes ? [...allowedTypes] : undefined;
    return mapStrings(input, (text) => reidentify(text, this.#vault, allowed));
  }

  /** What the customer may read: see `forCustomer` in `customer-view`. */
  forCustomer(text: string): string {
    return forCustomer(text, this.#vault);
  }

  /** Entries added since the vault was loaded or last saved. */
  get added(): number {
    return Object.keys(this.#additions()).length;
  }

  /**
   * Stores the entries added since loading. Throws `TransientError` when a
   * concurrent writer handed out the same placeholders for other values:
   * texts redacted with this vault are then stale, and the step is retried.
   */
  async save(): Promise<void> {
    if (!(await this.trySave())) {
      throw new TransientError(
        `PII vault of conversation ${this.#ref.conversationId} changed ` +
          'under a concurrent writer',
      );
    }
  }

  /**
   * Stores the entries added since loading, merging with what concurrent
   * writers stored meanwhile. `false` when the merge is impossible (see
   * `mergeAdditions`): nothing was stored, and the caller redoes its work
   * on a freshly opened vault.
   */
  async trySave(): Promise<boolean> {
    const additions = this.#additions();
    if (Object.keys(additions).length === 0) return true;

    for (let attempt = 0; attempt < MAX_SAVE_ATTEMPTS; attempt++) {
      if (await this.#write()) return true;
      const stored = await loadStored(this.#ref);
      const merged = mergeAdditions(stored.vault.toJSON(), additions);
      if (!merged) return false;
      this.#adopt(stored, merged);
      if (merged.size === stored.vault.size) return true;
      logger.info('PII vault merged with a concurrent write', {
        vault_version: stored.version,
      });
    }
    throw new TransientError('PII vault kept changing; giving up for now');
  }

  /** Takes the stored state, with `vault` holding it plus additions. */
  #adopt(stored: Stored, vault: PiiVault): void {
    this.#vault = vault;
    this.#saved = new Set(Object.keys(stored.vault.toJSON()));
    this.#version = stored.version;
    this.#key = stored.key;
  }

  async #write(): Promise<boolean> {
    const key = this.#key ?? (await newDataKey(this.#ref));
    const json = this.#vault.toJSON();
    const version = this.#version + 1;
    const sealed = seal(
      key.plaintext,
      JSON.stringify(json),
      vaultAssociatedData(this.#ref),
    );
    const item = {
      ...sealed,
      version,
      encryptedKey: key.encrypted,
      entries: Object.keys(json).length,
    };
    if (!(await putVaultItem(this.#ref, item, this.#version))) return false;
    this.#key = key;
    this.#version = version;
    this.#saved = new Set(Object.keys(json));
    logger.debug('PII vault saved', {
      vault_version: version,
      vault_entries: item.entries,
    });
    return true;
  }

  #additions(): PiiVaultJson {
    return Object.fromEntries(
      Object.entries(this.#vault.toJSON()).filter(
        ([placeholder]) => !this.#saved.has(placeholder),
      ),
    );
  }
}

/**
 * Loads the conversation's vault (empty when it has none yet). Fails
 * closed: without `PII_KEY_ID` it throws before anything is redacted.
 */
export async function openVault(
  ref: ConversationRef,
): Promise<ConversationVault> {
  piiKeyId();
  const pick = { tenantId: ref.tenantId, conversationId: ref.conversationId };
  return new ConversationVault(pick, await loadStored(pick));
}

/**
 * Opens the vault, runs `work` with it, and saves what it added. When a
 * concurrent writer took the same placeholders, `work` runs again on the
 * vault as now stored, so what it returns always matches the stored vault.
 * `work` must be safe to repeat (read and redact, never write).
 *
 * @example
 * const prompt = await withConversationVault(ref, (v) => v.redactText(text));
 */
export async function withConversationVault<T>(
  ref: ConversationRef,
  work: (vault: ConversationVault) => T | Promise<T>,
): Promise<T> {
  for (let attempt = 0; attempt < MAX_REDO_ATTEMPTS; attempt++) {
    const vault = await openVault(ref);
    const result = await work(vault);
    if (await vault.trySave()) return result;
    logger.warn('PII vault clashed with a concurrent writer; redoing', {
      attempt,
    });
  }
  throw new TransientError('PII vault kept clashing with concurrent writers');
}

async function loadStored(ref: ConversationRef): Promise<Stored> {
  const item = await getVaultItem(ref);
  if (!item) return { vault: new PiiVault(), version: 0 };
  const key = await openDataKey(ref, item.encryptedKey);
  const json = unseal(key.plaintext, item, vaultAssociatedData(ref));
  return {
    vault: PiiVault.fromJSON(JSON.parse(json)),
    version: item.version,
    key,
  };
}
