import { join } from 'node:path';
import {
  type LabelledExample,
  readLabelledCsv,
} from '../../functions/shared/intent';

const BANKING77 = join(__dirname, '../../../shared/data/intent/banking77');

/** Intents of the Banking77 slice the tests train on. */
export const SLICE_INTENTS = [
  'activate_my_card',
  'age_limit',
  'apple_pay_or_google_pay',
  'atm_support',
  'card_arrival',
  'cash_withdrawal_charge',
  'change_pin',
  'country_support',
  'exchange_rate',
  'lost_or_stolen_card',
  'passcode_forgotten',
  'receiving_money',
  'terminate_account',
  'top_up_failed',
  'visa_or_mastercard',
] as const;

/** The first `perIntent` Banking77 examples of each slice intent. */
export function bankingSlice(
  file: 'train' | 'test',
  perIntent: number,
): LabelledExample[] {
  const all = readLabelledCsv(join(BANKING77, `${file}.csv`));
  const intents = new Set<string>(SLICE_INTENTS);
  const taken = new Map<string, number>();
  return all.filter((example) => {
    const count = taken.get(example.label) ?? 0;
    if (!intents.has(example.label) || count >= perIntent) return false;
    taken.set(example.label, count + 1);
    return true;
  });
}

/** The first `perIntent` examples of each intent outside the slice. */
export function outsideSlice(
  file: 'train' | 'test',
  perIntent: number,
): LabelledExample[] {
  const all = readLabelledCsv(join(BANKING77, `${file}.csv`));
  const inSlice = new Set<string>(SLICE_INTENTS);
  const taken = new Map<string, number>();
  return all.filter((example) => {
    const count = taken.get(example.label) ?? 0;
    if (inSlice.has(example.label) || count >= perIntent) return false;
    taken.set(example.label, count + 1);
    return true;
  });
}

/** A tiny set whose intents share no words. */
export const SEPARABLE: readonly LabelledExample[] = [
  ...[
    'where is my card',
    'my card has not arrived',
    'card delivery is late',
    'when will the card come',
    'still waiting for my card',
  ].map((text) => ({ text, label: 'card_arrival' })),
  ...[
    'reset my pin',
    'change the pin number',
    'i want a new pin',
    'how do i update my pin',
    'set a different pin',
  ].map((text) => ({ text, label: 'change_pin' })),
  ...[
    'close my account',
    'terminate the account please',
    'delete my account',
    'i want to quit and close everything',
    'shut down my account',
  ].map((text) => ({ text, label: 'terminate_account' })),
];

/** Writes examples as CSV text with a `text,category` header. */
export function toCsv(examples: readonly LabelledExample[]): string {
  const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;
  const rows = examples.map((e) => `${quote(e.text)},${e.label}`);
  return `text,category\n${rows.join('\n')}\n`;
}
