import type { PiiType } from './types';
import type { PiiVault } from './vault';

const PLACEHOLDER = /\[(CARD|IBAN|SSN|NINO|EMAIL|PHONE|ADDRESS)_\d{1,6}\]/g;

/** Types the customer gets back as written: their own contact data. */
const RESTORED: ReadonlySet<PiiType> = new Set(['EMAIL', 'PHONE', 'ADDRESS']);

/** How each masked type reads; only its last four characters are shown. */
const MASK_LABELS: Readonly<Record<string, string>> = {
  CARD: 'card',
  IBAN: 'IBAN',
  SSN: 'SSN',
  NINO: 'National Insurance number',
};

/** Whether a text holds anything that looks like a placeholder. */
export const hasPlaceholder = (text: string): boolean =>
  /\[(?:CARD|IBAN|SSN|NINO|EMAIL|PHONE|ADDRESS)_\d{1,6}\]/.test(text);

/**
 * Turns placeholders into what a person in the conversation may read:
 * emails, phone numbers and addresses (the customer's own contact data) as
 * written, cards, IBANs, SSNs and National Insurance numbers as their last
 * four characters (`card ending 1111`). A label the text already says right
 * before the placeholder is not repeated ("your card [CARD_1]" reads "your
 * card ending 1111"). Placeholders the vault does not know stay as written.
 *
 * @example
 * forCustomer('Charged to [CARD_1], receipt to [EMAIL_1].', vault);
 * // 'Charged to card ending 1111, receipt to ann@example.com.'
 */
export function forCustomer(text: string, vault: PiiVault): string {
  return text.replace(
    PLACEHOLDER,
    (placeholder, type: PiiType, offset: number) => {
      const value = vault.valueOf(placeholder);
      if (value === undefined) return placeholder;
      if (RESTORED.has(type)) return value;
      return masked(type, value, text.slice(0, offset));
    },
  );
}

function masked(type: PiiType, value: string, before: string): string {
  const label = MASK_LABELS[type] ?? type;
  const last = value
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(-4)
    .toUpperCase();
  const said = new RegExp(`\\b${label}\\s+$`, 'i').test(before);
  return said ? `ending ${last}` : `${label} ending ${last}`;
}
