import { isRecord } from '../record-text';
import type { Json } from './records';

/**
 * Payment methods of orders and customer profiles: the method that paid an
 * order, the one the customer asks for in words ("my gift card", "the card
 * ending in 4417"), and how to name a method in a reply.
 */

export interface PaymentMethod {
  readonly id: string;
  readonly source: string;
  readonly brand?: string;
  readonly lastFour?: string;
}

const GIFT_CARD = /\bgift ?cards?\b/i;
const PAYPAL = /\bpay ?pal\b/i;
const CREDIT_CARD =
  /\b(?:credit|debit|visa|master ?card|amex|american express|card ending)\b/i;
const LAST_FOUR =
  /\b(?:ending(?: in)?|last (?:four|4)(?: digits)?)\s*(\d{4})\b/i;

/** The payment method that paid the order: its first payment. */
export function originalMethod(order: Json): string | undefined {
  const history = Array.isArray(order.payment_history)
    ? order.payment_history.filter(isRecord)
    : [];
  const paid = history.find((p) => p.transaction_type === 'payment');
  return typeof paid?.payment_method_id === 'string'
    ? paid.payment_method_id
    : undefined;
}

/** The customer asks for a gift card ("refund it to my gift card"). */
export const wantsGiftCard = (texts: readonly string[]): boolean =>
  texts.some((text) => GIFT_CARD.test(text));

/** The payment methods of a customer profile, as listed. */
export function methodsOf(user: Json): PaymentMethod[] {
  const methods = isRecord(user.payment_methods)
    ? Object.entries(user.payment_methods)
    : [];
  return methods.flatMap(([key, value]) => {
    if (!isRecord(value)) return [];
    const id = typeof value.id === 'string' ? value.id : key;
    const source =
      typeof value.source === 'string' ? value.source : id.replace(/_\d+$/, '');
    return [
      {
        id,
        source,
        ...(typeof value.brand === 'string' ? { brand: value.brand } : {}),
        ...(typeof value.last_four === 'string'
          ? { lastFour: value.last_four }
          : {}),
      },
    ];
  });
}

/**
 * The customer's methods that their words ask for, other than `current`:
 * a gift card, PayPal, or a card (by brand or last four digits).
 */
export function askedMethods(
  methods: readonly PaymentMethod[],
  texts: readonly string[],
  current?: string,
): PaymentMethod[] {
  const text = texts.join('\n');
  const lastFour = LAST_FOUR.exec(text)?.[1];
  const others = methods.filter((m) => m.id !== current);
  if (lastFour) return others.filter((m) => m.lastFour === lastFour);
  if (GIFT_CARD.test(text)) return others.filter(isSource('gift_card'));
  if (PAYPAL.test(text)) return others.filter(isSource('paypal'));
  if (CREDIT_CARD.test(text)) {
    const cards = others.filter(isSource('credit_card'));
    const brand = cards.filter((m) =>
      new RegExp(`\\b${m.brand ?? '-'}\\b`, 'i').test(text),
    );
    return brand.length > 0 ? brand : cards;
  }
  return [];
}

const isSource = (source: string) => (method: PaymentMethod) =>
  method.source === source;

/**
 * A method in words: "your Visa credit card ending in 4417", "your gift
 * card", or, with no profile at hand, what its id says ("your credit
 * card").
 */
export function methodWords(id: string, user?: Json): string {
  const method = user ? methodsOf(user).find((m) => m.id === id) : undefined;
  const source = (method?.source ?? id.replace(/_\d+$/, '')).replace(/_/g, ' ');
  const named = source === 'paypal' ? 'PayPal account' : source;
  const brand = method?.brand ? `${capitalise(method.brand)} ` : '';
  const last = method?.lastFour ? ` ending in ${method.lastFour}` : '';
  return `your ${brand}${named}${last}`;
}

/** "your Visa credit card ending in 4417 or your gift card". */
export function methodChoice(
  methods: readonly PaymentMethod[],
  user: Json,
): string {
  const words = methods.map((m) => methodWords(m.id, user));
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

const capitalise = (word: string) =>
  word.charAt(0).toUpperCase() + word.slice(1);
