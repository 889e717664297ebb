import type { PiiType } from '../../../schemas/pii';

export { PII_TYPES, type PiiType } from '../../../schemas/pii';

/** One value found in a text: where it was and what replaced it. */
export interface PiiEntity {
  readonly type: PiiType;
  /** The placeholder written in its place, e.g. `[CARD_1]`. */
  readonly placeholder: string;
  /** Offset of the value's first character in the input text. */
  readonly start: number;
  /** Offset just past the value's last character in the input text. */
  readonly end: number;
}

/** The text with every value found replaced, and what was replaced. */
export interface Redaction {
  readonly text: string;
  /** In order of appearance in the input text. */
  readonly entities: readonly PiiEntity[];
}

/** A detector's finding, before placeholders are assigned. */
export interface Detection {
  readonly type: PiiType;
  readonly start: number;
  readonly end: number;
}
