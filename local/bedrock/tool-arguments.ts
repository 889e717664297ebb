import type { ToolView } from './conversation';
import type { JsonSchema } from './wire';

/**
 * Finds a tool's required arguments in what the customer wrote, guided by
 * the tool's JSON Schema: `pattern`, `format: email` and `enum`, plus a few
 * heuristics for names and zip codes. Values are only ever copied from the
 * customer's text, never made up. Personal data reaches the model as
 * placeholders (`[EMAIL_1]`); a placeholder of the type an argument takes
 * (by its format or name) counts as its value, as a real model would pass
 * it on.
 */

export interface ArgumentPlan {
  /** Arguments found, by property name. */
  readonly values: Readonly<Record<string, string>>;
  /** Required properties not found anywhere in the customer's texts. */
  readonly missing: readonly string[];
  /** How many of the values come from the customer's latest text. */
  readonly fromLatest: number;
}

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** Redacted personal data as the functions write it: `[EMAIL_1]`. */
export const PLACEHOLDER =
  /\[(CARD|IBAN|SSN|NINO|EMAIL|PHONE|ADDRESS)_\d{1,6}\]/g;
/** The placeholder type an argument takes, by its name or format. */
const PLACEHOLDER_ARGUMENTS: readonly (readonly [RegExp, string])[] = [
  [/e-?mail/i, 'EMAIL'],
  [/phone|mobile|^tel/i, 'PHONE'],
  [/^address(?:_?1|_?line_?1)?$|street/i, 'ADDRESS'],
  [/card_?number|^card$/i, 'CARD'],
  [/iban/i, 'IBAN'],
  [/ssn|social_?security/i, 'SSN'],
  [/nino|national_?insurance/i, 'NINO'],
];
const META = /[\\[\](){}.*+?|^$]/;
const NAME_WORD = "[A-Z][a-zA-Z'-]+";
const NAME_LEADS = /\b(?:my name is|my name's|i am|i'm|this is|name:)\s+/gi;
const NAME_BEFORE_ZIP = new RegExp(
  String.raw`\b(${NAME_WORD})\s+(${NAME_WORD})\s*,?\s*` +
    String.raw`(?:zip(?: code)?\s*(?:is\s*)?)?\d{5}\b`,
);

/** The required properties of a tool's input schema. */
export function requiredArguments(tool: ToolView): string[] {
  return [...(tool.schema.required ?? [])];
}

/**
 * Looks for every required argument, newest customer text first. `known`
 * values (found by an earlier tool call in this exchange) fill what the
 * texts do not hold and count as new evidence.
 */
export function planArguments(
  tool: ToolView,
  userTexts: readonly string[],
  known: Readonly<Record<string, string>> = {},
): ArgumentPlan {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  let fromLatest = 0;
  const newestFirst = [...userTexts].reverse();

  for (const name of requiredArguments(tool)) {
    const schema = tool.schema.properties?.[name] ?? {};
    const at = newestFirst.findIndex(
      (text) => extractValue(name, schema, text) !== undefined,
    );
    const text = newestFirst[at];
    const found =
      text === undefined ? undefined : extractValue(name, schema, text);
    const given = known[name];
    const fromKnown =
      found === undefined && given !== undefined && fits(schema, given);
    const value = fromKnown ? given : found;
    if (value === undefined) missing.push(name);
    else values[name] = value;
    if (at === 0 || fromKnown) fromLatest += 1;
  }
  return { values, missing, fromLatest };
}

/** One argument's value in one text, when present and valid. */
export function extractValue(
  name: string,
  schema: JsonSchema,
  text: string,
): string | undefined {
  const candidate =
    fromEnum(schema, text) ??
    (schema.format === 'email' || name === 'email'
      ? text.match(EMAIL)?.[0]
      : undefined) ??
    (schema.pattern ? fromPattern(schema.pattern, text) : undefined) ??
    fromName(name, text);
  if (candidate !== undefined && fits(schema, candidate)) return candidate;
  return fromPlaceholder(name, schema, text);
}

/** The first placeholder in `text` of the type the argument takes. */
function fromPlaceholder(
  name: string,
  schema: JsonSchema,
  text: string,
): string | undefined {
  const type =
    schema.format === 'email'
      ? 'EMAIL'
      : PLACEHOLDER_ARGUMENTS.find(([pattern]) => pattern.test(name))?.[1];
  if (!type) return undefined;
  const found = [...text.matchAll(PLACEHOLDER)].find((m) => m[1] === type);
  return found?.[0];
}

function fromEnum(schema: JsonSchema, text: string): string | undefined {
  const lower = ` ${text.toLowerCase()} `;
  return schema.enum?.find(
    (value): value is string =>
      typeof value === 'string' &&
      new RegExp(`[^a-z0-9]${escapeRegExp(value.toLowerCase())}[^a-z0-9]`).test(
        lower,
      ),
  );
}

/**
 * Searches for an anchored schema pattern inside free text. A literal
 * prefix starting with punctuation (`#W` of an order id) may be left out
 * by the customer; it is put back.
 */
function fromPattern(pattern: string, text: string): string | undefined {
  const body = pattern.replace(/^\^/, '').replace(/\$$/, '');
  const exact = bounded(body).exec(text)?.[0];
  if (exact) return exact;

  const prefix = literalPrefix(body);
  if (!prefix || /^[a-z0-9]/i.test(prefix)) return undefined;
  const rest = body.slice(prefix.length);
  const loose = bounded(`${escapeRegExp(prefix.slice(1))}${rest}`, 'i');
  const found = loose.exec(text)?.[0];
  return found ? `${prefix}${found.slice(prefix.length - 1)}` : undefined;
}

function fromName(name: string, text: string): string | undefined {
  const key = name.toLowerCase();
  if (/zip|postal/.test(key)) return /\b\d{5}\b/.exec(text)?.[0];
  const full = fullName(text);
  if (!full) return undefined;
  if (/first_?name|given_?name/.test(key)) return full.first;
  if (/last_?name|surname|family_?name/.test(key)) return full.last;
  return undefined;
}

/** "my name is Ana Silva", "I'm Ana Silva", or "Ana Silva, 10001". */
function fullName(text: string): { first: string; last?: string } | undefined {
  for (const lead of text.matchAll(NAME_LEADS)) {
    const after = text.slice((lead.index ?? 0) + lead[0].length);
    const match = new RegExp(`^(${NAME_WORD})(?:\\s+(${NAME_WORD}))?`).exec(
      after,
    );
    if (match?.[1]) return { first: match[1], last: match[2] };
  }
  const beforeZip = NAME_BEFORE_ZIP.exec(text);
  return beforeZip?.[1]
    ? { first: beforeZip[1], last: beforeZip[2] }
    : undefined;
}

function fits(schema: JsonSchema, value: string): boolean {
  if (schema.minLength !== undefined && value.length < schema.minLength) {
    return false;
  }
  if (schema.maxLength !== undefined && value.length > schema.maxLength) {
    return false;
  }
  return !schema.pattern || safeRegExp(schema.pattern)?.test(value) === true;
}

/** A pattern matched as a whole token inside free text. */
function bounded(body: string, flags = ''): RegExp {
  return (
    safeRegExp(`(?<![A-Za-z0-9_])(?:${body})(?![A-Za-z0-9_])`, flags) ?? /(?!)/
  );
}

function safeRegExp(source: string, flags = ''): RegExp | undefined {
  try {
    return new RegExp(source, flags);
  } catch {
    return undefined;
  }
}

/** The literal characters a pattern starts with (`#W` of `#W\d{7}`). */
export function literalPrefix(pattern: string): string {
  const body = pattern.replace(/^\^/, '');
  const end = body.search(META);
  return end < 0 ? body : body.slice(0, end);
}

const escapeRegExp = (text: string) =>
  text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

const LABELS: Readonly<Record<string, string>> = {
  email: 'email address',
  zip: 'zip code',
};

/** How to ask the customer for an argument, in plain words. */
export function argumentLabel(name: string, schema: JsonSchema = {}): string {
  const base =
    LABELS[name] ??
    name
      .replace(/_/g, ' ')
      .replace(/\bid\b/i, 'ID')
      .trim();
  const prefix = schema.pattern ? literalPrefix(schema.pattern) : '';
  const digits = schema.pattern?.match(/^\^?\\d\{(\d+)\}\$?$/)?.[1];
  if (prefix) return `${base} (it starts with ${prefix})`;
  if (digits && !LABELS[name]) return `${base} (${digits} digits)`;
  return base;
}
