import * as z from 'zod';

/**
 * The kinds of personal data the redactor finds. Each kind names its
 * placeholders: `[CARD_1]`, `[EMAIL_2]`, …
 */
export const PII_TYPES = [
  'CARD',
  'IBAN',
  'SSN',
  'NINO',
  'EMAIL',
  'PHONE',
  'ADDRESS',
] as const;

export const PiiTypeSchema = z.enum(PII_TYPES);
export type PiiType = z.infer<typeof PiiTypeSchema>;
