import type { FilterStrength } from '../../../schemas/guardrails';

/**
 * A pattern the local guardrail blocks, and the weakest filter strength at
 * which it does: a `LOW` rule blocks at every strength, a `HIGH` rule only
 * at `HIGH`. Patterns run on lower-case text with straight quotes and
 * single spaces (see `normalise`).
 */
export interface PatternRule {
  readonly id: string;
  readonly pattern: RegExp;
  readonly from: FilterStrength;
}

const RANK: Readonly<Record<FilterStrength, number>> = {
  LOW: 1,
  MEDIUM: 2,
  HIGH: 3,
};

/** Whether a rule blocks at the configured strength. */
export const blocksAt = (rule: PatternRule, strength: FilterStrength) =>
  RANK[strength] >= RANK[rule.from];

/** Lower case, straight quotes, single spaces; line breaks are kept. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[^\S\n]+/g, ' ');
}

/** The first rule that matches the text at the strength, if any. */
export function firstMatch<R extends PatternRule>(
  rules: readonly R[],
  text: string,
  strength: FilterStrength,
): R | undefined {
  const normalised = normalise(text);
  return rules.find(
    (rule) => blocksAt(rule, strength) && rule.pattern.test(normalised),
  );
}
