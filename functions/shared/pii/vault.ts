import { InvariantError } from '../errors';
import { PII_TYPES, type PiiType } from './types';

/** A vault as stored: placeholder → the value it stands for. */
export type PiiVaultJson = Readonly<Record<string, string>>;

const PLACEHOLDER = /^\[([A-Z]+)_([1-9]\d{0,5})\]$/;
const KNOWN_TYPES: ReadonlySet<string> = new Set(PII_TYPES);

/**
 * The form under which two writings of one value are the same value: card,
 * phone and SSN digits; IBAN and NINO letters and digits in upper case;
 * emails and addresses in lower case with single spaces.
 */
function identity(type: PiiType, value: string): string {
  switch (type) {
    case 'CARD':
    case 'PHONE':
    case 'SSN':
      return `${type}:${value.replace(/\D/g, '')}`;
    case 'IBAN':
    case 'NINO':
      return `${type}:${value.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`;
    default:
      return `${type}:${value.toLowerCase().replace(/\s+/g, ' ').trim()}`;
  }
}

/**
 * The values redacted from one conversation and their placeholders. The
 * same value always gets the same placeholder; each type is numbered from 1
 * in order of first appearance (`[CARD_1]`, `[CARD_2]`, `[EMAIL_1]`).
 * `toJSON()` gives the small map to store (encrypted) with the
 * conversation, and `PiiVault.fromJSON` restores it.
 *
 * @example
 * const vault = new PiiVault();
 * redact('card 4111 1111 1111 1111', vault).text; // 'card [CARD_1]'
 * vault.valueOf('[CARD_1]'); // '4111 1111 1111 1111'
 */
export class PiiVault {
  readonly #values = new Map<string, string>();
  readonly #placeholders = new Map<string, string>();
  readonly #counts = new Map<PiiType, number>();

  /** Rebuilds a vault from `toJSON()` output; throws on foreign entries. */
  static fromJSON(json: unknown): PiiVault {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new InvariantError('Stored PII vault is not an object');
    }
    const vault = new PiiVault();
    for (const [placeholder, value] of Object.entries(json)) {
      const match = PLACEHOLDER.exec(placeholder);
      if (!match || !KNOWN_TYPES.has(match[1] as string)) {
        throw new InvariantError('Stored PII vault has a key of no known type');
      }
      if (typeof value !== 'string') {
        throw new InvariantError(
          `Stored PII vault entry ${placeholder} is not text`,
        );
      }
      vault.#add(match[1] as PiiType, Number(match[2]), value);
    }
    return vault;
  }

  /** The placeholder for `value`, assigning the next number if it is new. */
  placeholderFor(type: PiiType, value: string): string {
    const known = this.#placeholders.get(identity(type, value));
    if (known) return known;

    return this.#add(type, (this.#counts.get(type) ?? 0) + 1, value);
  }

  /** The value a placeholder stands for, as first written. */
  valueOf(placeholder: string): string | undefined {
    return this.#values.get(placeholder);
  }

  /** How many values the vault holds. */
  get size(): number {
    return this.#values.size;
  }

  toJSON(): PiiVaultJson {
    return Object.fromEntries(this.#values);
  }

  #add(type: PiiType, index: number, value: string): string {
    const placeholder = `[${type}_${index}]`;
    this.#values.set(placeholder, value);
    this.#placeholders.set(identity(type, value), placeholder);
    this.#counts.set(type, Math.max(index, this.#counts.get(type) ?? 0));
    return placeholder;
  }
}
