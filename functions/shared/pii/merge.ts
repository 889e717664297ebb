import type { PiiType } from './types';
import { PiiVault, type PiiVaultJson } from './vault';

const PLACEHOLDER_TYPE = /^\[([A-Z]+)_\d+\]$/;

/**
 * Adds `additions` (placeholder → value, in the order they were assigned)
 * to a copy of the `stored` vault, the way they were first assigned. Vault
 * entries are only ever added, so two writers merge cleanly unless they
 * handed out the same placeholder for different values (or one value under
 * different placeholders): then `undefined`, and texts redacted with the
 * losing vault must be redacted again.
 */
export function mergeAdditions(
  stored: PiiVaultJson,
  additions: PiiVaultJson,
): PiiVault | undefined {
  const merged = PiiVault.fromJSON(stored);
  for (const [placeholder, value] of Object.entries(additions)) {
    const type = PLACEHOLDER_TYPE.exec(placeholder)?.[1] as PiiType;
    if (merged.placeholderFor(type, value) !== placeholder) return undefined;
  }
  return merged;
}
