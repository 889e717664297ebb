import type { Labels } from '../shared/store/labels';
import { boundedJson } from './result';

type Input = Readonly<Record<string, unknown>>;

const text = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value);
const list = (value: unknown): string =>
  Array.isArray(value) ? value.map(text).join(', ') : text(value);

/** `$12.50` from 1250. */
export const dollars = (cents: number): string =>
  `$${(cents / 100).toFixed(2)}`;

function address(input: Input): string {
  const parts = [
    input.address1,
    input.address2,
    input.city,
    `${text(input.state ?? '')} ${text(input.zip ?? '')}`.trim(),
    input.country,
  ];
  return parts
    .filter((p) => typeof p === 'string' && p.trim() !== '')
    .join(', ');
}

/** How a phrase names the ids of its input. */
interface Namer {
  /** Items: `Sleeping Pad (regular) [item 5917732742]`, or the ids. */
  items(value: unknown): string;
  /** A payment method: `the Visa card ending 4242`, or its id. */
  payment(value: unknown): string;
}

/** Names ids by `labels`; without labels, as the ids themselves. */
function namer(labels: Labels | undefined): Namer {
  if (!labels) {
    return { items: (v) => `item(s) ${list(v)}`, payment: text };
  }
  const item = (id: unknown) => {
    const label = labels[text(id)];
    return label ? `${label} [item ${text(id)}]` : `item ${text(id)}`;
  };
  return {
    items: (v) => (Array.isArray(v) ? v.map(item).join(', ') : item(v)),
    payment: (v) => {
      const label = labels[text(v)];
      return label ? `the ${label}` : text(v);
    },
  };
}

/** Phrases for the store's tools that change data. */
const PHRASES: Readonly<Record<string, (input: Input, name: Namer) => string>> =
  {
    cancel_pending_order: (i) =>
      `cancel order ${text(i.order_id)} (reason: ${text(i.reason)})`,
    modify_pending_order_address: (i) =>
      `change the shipping address of order ${text(i.order_id)} to ${address(i)}`,
    modify_pending_order_payment: (i, n) =>
      `pay order ${text(i.order_id)} with ${n.payment(i.payment_method_id)} instead`,
    modify_pending_order_items: (i, n) =>
      `swap ${n.items(i.item_ids)} of order ${text(i.order_id)} for ` +
      `${n.items(i.new_item_ids)}, settling the difference with ` +
      n.payment(i.payment_method_id),
    return_delivered_order_items: (i, n) =>
      `return ${n.items(i.item_ids)} of order ${text(i.order_id)}, ` +
      `refunding ${n.payment(i.payment_method_id)}`,
    exchange_delivered_order_items: (i, n) =>
      `exchange ${n.items(i.item_ids)} of order ${text(i.order_id)} for ` +
      `${n.items(i.new_item_ids)}, settling the difference with ` +
      n.payment(i.payment_method_id),
    modify_user_address: (i) =>
      `change the default address of ${text(i.user_id)} to ${address(i)}`,
  };

const MAX_CHANGE_CHARS = 600;

/**
 * The change a call would make, in words the customer confirms and a
 * person approves: the same text for both, so nobody approves something
 * else than what the customer said yes to. With `labels` (the store's
 * preview), items and payment methods are named as the customer knows
 * them, each item with its id for the person who approves.
 */
export function describeChange(
  tool: string,
  input: Input,
  refundCents: number,
  labels?: Labels,
): string {
  const phrase = PHRASES[tool];
  const base = phrase
    ? phrase(input, namer(labels))
    : `${tool.replace(/_/g, ' ')} with ${JSON.stringify(input)}`;
  const refund = refundCents > 0 ? `; refund of ${dollars(refundCents)}` : '';
  const change = `${base}${refund}`;
  return change.length <= MAX_CHANGE_CHARS
    ? change
    : `${change.slice(0, MAX_CHANGE_CHARS - 1)}…`;
}

/** Tool result of a change that now waits for the customer's yes. */
export const awaitingConfirmation = (change: string): string =>
  boundedJson({
    status: 'awaiting_confirmation',
    change,
    instructions:
      'Nothing has changed yet. Tell the customer exactly this change and ' +
      'ask them to reply yes to go ahead or no to leave things as they ' +
      'are. Do not call the tool again: their yes runs it.',
  });

/** Tool result of a change no person approved. */
export const refused = (
  change: string,
  why: 'refused' | 'expired',
  reason?: string,
): string =>
  boundedJson({
    status: 'refused',
    change,
    note:
      why === 'refused'
        ? 'A member of the team did not approve this change, so nothing ' +
          'was changed.'
        : 'Nobody from the team could approve this change in time, so ' +
          'nothing was changed. The customer can ask again later.',
    ...(reason ? { reason } : {}),
  });
