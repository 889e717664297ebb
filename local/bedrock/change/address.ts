/**
 * Reads a postal address the customer wrote ("12 Oak Street, Apt 4,
 * Portland, OR 97205, USA") into the fields of the address tools. The
 * street line may arrive redacted as `[ADDRESS_1]`; it is passed on as
 * written, as a real model would.
 */

export interface Address {
  readonly address1: string;
  readonly address2: string;
  readonly city: string;
  readonly state: string;
  readonly zip: string;
  /** Absent when the customer left it out. */
  readonly country?: string;
}

const STREET = String.raw`\[ADDRESS_\d{1,6}\]|(?<![\w#])\d{1,6}[A-Za-z]?\s+[A-Za-z0-9.'’ -]+?`;
const UNIT = String.raw`(?:[Aa]pt|[Aa]partment|[Ss]uite|[Ss]te|[Uu]nit|[Ff]lat|[Ff]loor|#)\.?\s*#?[\w-]{1,6}`;
const ADDRESS = new RegExp(
  [
    `(${STREET})\\s*,\\s*`,
    `(?:(${UNIT})\\s*,\\s*)?`,
    `([A-Za-z][A-Za-z .'’-]*?)`,
    String.raw`(?:\s*,\s*([A-Za-z]{2}|[A-Za-z][A-Za-z ]*[A-Za-z])|\s+([A-Z]{2}))`,
    String.raw`\s*,?\s*(\d{5})`,
    String.raw`(?:\s*,\s*([A-Za-z][A-Za-z.]*(?: [A-Za-z][A-Za-z.]*){0,2}))?`,
  ].join(''),
);
const TRAILING_UNIT = new RegExp(`^(.*?),?\\s+(${UNIT})$`);

/** The newest address in the texts. */
export function readAddress(texts: readonly string[]): Address | undefined {
  for (const text of [...texts].reverse()) {
    const m = ADDRESS.exec(text);
    if (!m) continue;
    const [, street = '', unit, city = '', long, short, zip = '', named] = m;
    const split = unit ? undefined : TRAILING_UNIT.exec(street.trim());
    const country = named?.trim().replace(/\.$/, '');
    return {
      address1: (split?.[1] ?? street).trim(),
      address2: (unit ?? split?.[2] ?? '').trim(),
      city: city.trim(),
      state: (long ?? short ?? '').trim(),
      zip,
      ...(country ? { country } : {}),
    };
  }
  return undefined;
}

/** The country of an address record, kept when a new address has none. */
export function countryOf(address: unknown): string | undefined {
  const country =
    typeof address === 'object' && address !== null && 'country' in address
      ? address.country
      : undefined;
  return typeof country === 'string' && country ? country : undefined;
}
