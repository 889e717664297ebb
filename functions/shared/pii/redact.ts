import { detectAddresses } from './detect-address';
import { detectEmails, detectPhones } from './detect-contact';
import {
  detectCards,
  detectIbans,
  detectNinos,
  detectSsns,
} from './detect-numbers';
import type { Detection, PiiEntity, PiiType, Redaction } from './types';
import { PiiVault } from './vault';

/** Every detector needs a digit or an `@`: texts without either are clean. */
const MAY_HOLD_PII = /[0-9@]/;

/**
 * Which finding wins where two overlap: checksummed identifiers before
 * pattern-only ones, so a card is never cut short by a looser phone match.
 */
const PRIORITY: Readonly<Record<PiiType, number>> = {
  IBAN: 0,
  CARD: 1,
  SSN: 2,
  NINO: 3,
  EMAIL: 4,
  PHONE: 5,
  ADDRESS: 6,
};

const DETECTORS = [
  detectIbans,
  detectCards,
  detectSsns,
  detectNinos,
  detectEmails,
  detectPhones,
  detectAddresses,
] as const;

/** Non-overlapping findings, by priority, then earliest, then longest. */
function select(text: string, detections: Detection[]): Detection[] {
  if (detections.length < 2) return detections;
  detections.sort(
    (a, b) =>
      PRIORITY[a.type] - PRIORITY[b.type] || a.start - b.start || b.end - a.end,
  );
  const taken = new Uint8Array(text.length);
  const kept = detections.filter(({ start, end }) => {
    if (taken.subarray(start, end).includes(1)) return false;
    taken.fill(1, start, end);
    return true;
  });
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Replaces payment cards, IBANs, SSNs, UK National Insurance numbers,
 * emails, phone numbers and street addresses in `text` with typed, numbered
 * placeholders. Pass the conversation's vault to keep numbering stable
 * across messages and to be able to restore values later; without one,
 * numbering starts at 1 for this text alone. Pure apart from adding to the
 * vault; entity offsets refer to the input text.
 *
 * Rules are patterns and checksums, not a language model, so some personal
 * data passes: people's names, dates of birth, bare phone numbers without a
 * cue word, addresses without a house number and street kind (`PO Box 12`,
 * `The Old Rectory`), cards split by anything but single spaces, dashes or
 * (between groups of four) dots, and cards inside identifiers (`#W…`,
 * `ref_…`). Each detector's doc comment gives its rule.
 *
 * @example
 * redact('Card 4111 1111 1111 1111, mail me at ann@example.com');
 * // { text: 'Card [CARD_1], mail me at [EMAIL_1]', entities: [...] }
 */
export function redact(text: string, vault = new PiiVault()): Redaction {
  if (!MAY_HOLD_PII.test(text)) return { text, entities: [] };
  const detections = select(
    text,
    DETECTORS.flatMap((detect) => detect(text)),
  );
  if (detections.length === 0) return { text, entities: [] };

  const entities: PiiEntity[] = [];
  let redacted = '';
  let copied = 0;
  for (const { type, start, end } of detections) {
    const placeholder = vault.placeholderFor(type, text.slice(start, end));
    redacted += text.slice(copied, start) + placeholder;
    copied = end;
    entities.push({ type, placeholder, start, end });
  }
  return { text: redacted + text.slice(copied), entities };
}

const PLACEHOLDERS = /\[(CARD|IBAN|SSN|NINO|EMAIL|PHONE|ADDRESS)_\d{1,6}\]/g;

/**
 * Puts back the values behind placeholders, only for `allowedTypes` (all
 * types when omitted): a tool that ships a parcel gets `[ADDRESS_1]` back
 * while cards stay hidden. Placeholders the vault does not know are left as
 * they are.
 */
export function reidentify(
  text: string,
  vault: PiiVault,
  allowedTypes?: Iterable<PiiType>,
): string {
  const allowed = allowedTypes ? new Set<string>(allowedTypes) : undefined;
  return text.replace(PLACEHOLDERS, (placeholder, type: string) =>
    !allowed || allowed.has(type)
      ? (vault.valueOf(placeholder) ?? placeholder)
      : placeholder,
  );
}
