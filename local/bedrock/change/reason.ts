import type { JsonSchema } from '../wire';

/**
 * Picks the value of an enum argument (a cancel reason) that the
 * customer's words mean, even when they say it differently: "I ordered it
 * by accident" means `ordered by mistake`. Two values meant, or none, give
 * nothing, so the customer is asked.
 */

/** Phrases and the word of the enum value they mean. */
const CUES: readonly (readonly [RegExp, string])[] = [
  [
    /\b(?:mistake\w*|mistaken\w*|accident\w*|wrong\w*|by error|in error|duplicate|twice|unintentional\w*|didn'?t mean to)\b/i,
    'mistake',
  ],
  [
    /\b(?:no longer|not needed|(?:don'?t|do not|doesn'?t|won'?t) need|no need|any ?more|changed my mind|change of mind|unnecessary)\b/i,
    'needed',
  ],
];

/** The enum value the texts mean, when exactly one. */
export function meantValue(
  schema: JsonSchema,
  texts: readonly string[],
): string | undefined {
  const values = (schema.enum ?? []).filter(
    (v): v is string => typeof v === 'string',
  );
  const text = texts.join('\n').toLowerCase();
  const exact = values.filter((v) => text.includes(v.toLowerCase()));
  if (exact.length === 1) return exact[0];

  const meant = new Set(
    CUES.filter(([cue]) => cue.test(text)).flatMap(([, word]) =>
      values.filter((v) => v.toLowerCase().split(/\s+/).includes(word)),
    ),
  );
  return meant.size === 1 ? [...meant][0] : undefined;
}

/** "no longer needed or ordered by mistake". */
export function enumChoice(schema: JsonSchema): string {
  const values = (schema.enum ?? []).map(String);
  if (values.length <= 1) return values[0] ?? '';
  return `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}
