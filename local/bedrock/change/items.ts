import { isRecord } from '../record-text';
import { terms } from '../text';
import type { Json } from './records';

/**
 * Which items of an order the customer means: the ones they name by
 * product name ("the stove") or item id, or none named. A thing they name
 * that the order does not hold ("the tent") is reported, so the customer
 * is asked rather than given a change they did not want.
 */

export interface OrderItem {
  readonly item_id: string;
  readonly product_id: string;
  readonly name: string;
  readonly price?: number;
  readonly options: Readonly<Record<string, string>>;
}

export type ItemChoice =
  | { readonly kind: 'named'; readonly items: readonly OrderItem[] }
  | { readonly kind: 'none' }
  | { readonly kind: 'unknown'; readonly thing: string };

/** Words that name no particular item ("the whole order", "everything"). */
const GENERIC = new Set(
  terms(
    'order orders item items thing things stuff everything all one ones ' +
      'whole entire rest purchase package parcel lot both product products ' +
      'gear them it',
  ),
);

/** "the tent from order …": a thing named as part of an order. */
const OF_ORDER =
  /\b(?:the|my|this|that|these|those|both)\s+([a-z][a-z' -]{1,40}?)\s+(?:from|in|of|on)\s+(?:my\s+|the\s+|this\s+|that\s+)?(?:order\b|#?w\d)/gi;
/** "return the tent", "exchange my sleeping pad for …". */
const AFTER_VERB =
  /\b(?:return|exchange|swap|replace|send back)\s+(?:the|my|this|that|these|those|both|a|an)\s+([a-z][a-z' -]{1,40}?)(?=\s+(?:from|in|of|on|for|because|as|since|and|but|please|to|with|back)\b|\s*[,.!?;]|\s*$)/gi;
const LEADING_DETERMINER = /^(?:the|my|this|that|these|those|both|a|an)\s+/i;
const MAX_THING_WORDS = 3;

/** The items of an order record, skipping malformed entries. */
export function orderItems(order: Json): OrderItem[] {
  const items = Array.isArray(order.items) ? order.items.filter(isRecord) : [];
  return items.flatMap((item) => {
    const { item_id, product_id, name, price } = item;
    if (typeof item_id !== 'string' || typeof name !== 'string') return [];
    const options = isRecord(item.options)
      ? Object.fromEntries(
          Object.entries(item.options).map(([k, v]) => [k, String(v)]),
        )
      : {};
    return [
      {
        item_id,
        product_id: typeof product_id === 'string' ? product_id : '',
        name,
        ...(typeof price === 'number' ? { price } : {}),
        options,
      },
    ];
  });
}

/**
 * The items the customer's texts name, in the order's order. The newest
 * text that names any item decides: an answer ("just the stove") replaces
 * what the request named before.
 */
export function chooseItems(
  items: readonly OrderItem[],
  texts: readonly string[],
): ItemChoice {
  for (const text of [...texts].reverse()) {
    const choice = chooseIn(items, text);
    if (choice.kind !== 'none') return choice;
  }
  return { kind: 'none' };
}

function chooseIn(items: readonly OrderItem[], text: string): ItemChoice {
  const unknown = namedThings(text).find(
    (thing) => !items.some((item) => sharesName(item, terms(thing))),
  );
  if (unknown) return { kind: 'unknown', thing: unknown };

  const said = new Set(terms(text));
  const ids = new Set(text.match(/\b\d{10}\b/g) ?? []);
  const byName = matchByName(items, said);
  const named = items.filter(
    (item) => ids.has(item.item_id) || byName.has(item),
  );
  return named.length > 0 ? { kind: 'named', items: named } : { kind: 'none' };
}

/**
 * Items whose name holds a said word no other item's name holds ("pad" of
 * Sleeping Pad); failing that, items sharing any said word ("sleeping").
 */
function matchByName(
  items: readonly OrderItem[],
  said: ReadonlySet<string>,
): Set<OrderItem> {
  const names = items.map((item) => new Set(terms(item.name)));
  const holders = (term: string) => names.filter((n) => n.has(term)).length;
  const distinctive = items.filter((_, i) =>
    [...(names[i] ?? [])].some((t) => said.has(t) && holders(t) === 1),
  );
  if (distinctive.length > 0) return new Set(distinctive);
  return new Set(
    items.filter((_, i) => [...(names[i] ?? [])].some((t) => said.has(t))),
  );
}

/** Short noun phrases naming a particular thing, generic ones left out. */
function namedThings(text: string): string[] {
  const phrases = [...text.matchAll(OF_ORDER), ...text.matchAll(AFTER_VERB)]
    .flatMap((m) => (m[1] ?? '').split(/\s*(?:,|\band\b|\bor\b)\s*/))
    .map((p) => p.replace(LEADING_DETERMINER, '').trim())
    .filter((p) => p && p.split(/\s+/).length <= MAX_THING_WORDS);
  return phrases.filter((p) => terms(p).some((t) => !GENERIC.has(t)));
}

function sharesName(item: OrderItem, words: readonly string[]): boolean {
  const name = new Set(terms(item.name));
  const options = new Set(Object.values(item.options).flatMap((v) => terms(v)));
  return words.some((w) => name.has(w) || options.has(w));
}
