import { isRecord } from '../record-text';
import type { OrderItem } from './items';
import type { Json } from './records';

/**
 * Finds the variant a customer wants instead of an item ("the long one",
 * "size M", an item id) among the available variants of the same product.
 * Options the customer does not mention stay as they are where possible.
 */

interface Variant {
  readonly item_id: string;
  readonly options: Readonly<Record<string, string>>;
  readonly available: boolean;
  readonly price?: number;
}

export type VariantChoice =
  | { readonly kind: 'found'; readonly itemId: string }
  /** The words name no single variant; `offered` lists the available ones. */
  | { readonly kind: 'unclear'; readonly offered: string }
  /** No available variant has what the customer asked for. */
  | { readonly kind: 'none'; readonly offered: string };

const MAX_OFFERED = 4;

/**
 * The variant of `product` that the texts ask for instead of `item`.
 *
 * TODO(local): the option words of the whole text apply to every item
 * swapped, so "the socks in M and the hat in L" finds two sizes for each
 * and asks again. Pairing option words with the item named nearest to
 * them would close it.
 */
export function chooseVariant(
  product: Json,
  item: OrderItem,
  texts: readonly string[],
): VariantChoice {
  const text = texts.join('\n');
  const variants = variantsOf(product);
  const others = variants.filter(
    (v) => v.available && v.item_id !== item.item_id,
  );
  const offered = describe(others);
  const byId = others.find((v) => new RegExp(`\\b${v.item_id}\\b`).test(text));
  if (byId) return { kind: 'found', itemId: byId.item_id };

  const wanted = wantedOptions(variants, item, text);
  if (!wanted) return { kind: 'unclear', offered };
  const fits = others.filter((v) =>
    Object.entries(wanted).every(([key, value]) => v.options[key] === value),
  );
  if (fits.length === 0) return { kind: 'none', offered };

  const kept = (v: Variant) =>
    Object.entries(item.options).filter(
      ([key, value]) => !(key in wanted) && v.options[key] === value,
    ).length;
  const best = Math.max(...fits.map(kept));
  const top = fits.filter((v) => kept(v) === best);
  return top.length === 1 && top[0]
    ? { kind: 'found', itemId: top[0].item_id }
    : { kind: 'unclear', offered: describe(top) };
}

/**
 * The option values the customer names, by option; `undefined` when they
 * name no change from the item, or two different values of one option.
 */
function wantedOptions(
  variants: readonly Variant[],
  item: OrderItem,
  text: string,
): Record<string, string> | undefined {
  const wanted: Record<string, string> = {};
  let changes = 0;
  for (const [key, values] of optionValues(variants)) {
    const named = values.filter((value) => mentions(text, key, value));
    const current = item.options[key];
    const different = named.filter((value) => value !== current);
    if (different.length > 1) return undefined;
    const value = different[0] ?? named[0];
    if (value === undefined) continue;
    wanted[key] = value;
    if (value !== current) changes += 1;
  }
  return changes > 0 ? wanted : undefined;
}

function optionValues(variants: readonly Variant[]): Map<string, string[]> {
  const values = new Map<string, Set<string>>();
  for (const variant of variants) {
    for (const [key, value] of Object.entries(variant.options)) {
      values.set(key, (values.get(key) ?? new Set()).add(value));
    }
  }
  return new Map([...values].map(([key, set]) => [key, [...set]]));
}

/**
 * Whether the text names an option value: whole words, any case; a
 * one-letter size only as "size M" or a capital standing alone; yes or no
 * only as "with" or "without" the option ("with a bug net").
 */
function mentions(text: string, key: string, value: string): boolean {
  const k = escapeRegExp(key);
  if (/^(?:yes|no)$/i.test(value)) {
    const without = new RegExp(`\\b(?:without|no)\\s+(?:a\\s+)?${k}\\b`, 'i');
    const withIt = new RegExp(`\\bwith\\s+(?:a\\s+)?${k}\\b`, 'i');
    return value.toLowerCase() === 'no'
      ? without.test(text)
      : withIt.test(text);
  }
  const v = escapeRegExp(value);
  if (value.length === 1) {
    return (
      new RegExp(`\\b${k}\\s+${v}\\b`, 'i').test(text) ||
      new RegExp(`(?<![\\w'’])${v}(?![\\w'’])`).test(text)
    );
  }
  return new RegExp(`(?<![a-z0-9])${v}(?![a-z0-9])`, 'i').test(text);
}

function variantsOf(product: Json): Variant[] {
  const variants = isRecord(product.variants)
    ? Object.values(product.variants).filter(isRecord)
    : [];
  return variants.flatMap((v) =>
    typeof v.item_id === 'string'
      ? [
          {
            item_id: v.item_id,
            options: isRecord(v.options)
              ? Object.fromEntries(
                  Object.entries(v.options).map(([k, o]) => [k, String(o)]),
                )
              : {},
            available: v.available === true,
            ...(typeof v.price === 'number' ? { price: v.price } : {}),
          },
        ]
      : [],
  );
}

/** "air, long at 100.5; self-inflating, regular at 109.37". */
function describe(variants: readonly Variant[]): string {
  return variants
    .slice(0, MAX_OFFERED)
    .map((v) => {
      const options = Object.entries(v.options)
        .map(([key, value]) => `${key} ${value}`)
        .join(', ');
      return v.price === undefined ? options : `${options} at ${v.price}`;
    })
    .join('; ');
}

const escapeRegExp = (text: string) =>
  text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
