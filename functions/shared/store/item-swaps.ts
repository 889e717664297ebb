import type {
  Cents,
  Order,
  OrderItem,
  Product,
  ProductVariant,
} from '../../../schemas/store';
import { ToolError } from './errors';
import { missingItem } from './policy';

/**
 * Swapping items of an order for other variants of the same products, as
 * exchanges (delivered orders) and item modifications (pending orders) do.
 */

export interface ItemSwap {
  readonly itemId: string;
  readonly variant: ProductVariant;
}

export interface PricedSwaps {
  readonly swaps: readonly ItemSwap[];
  /** New prices minus old ones: what the customer pays (< 0: gets back). */
  readonly differenceCents: Cents;
}

/**
 * Checks that the order holds every item named, that each new item is an
 * available variant of the same product, and prices the swap. Throws the
 * first `ToolError` τ-bench would give, in its order of checks.
 */
export function priceSwaps(
  order: Order,
  products: ReadonlyMap<string, Product>,
  itemIds: readonly string[],
  newItemIds: readonly string[],
): PricedSwaps {
  const missing = missingItem(order, itemIds);
  if (missing !== undefined) throw new ToolError(`${missing} not found`);
  if (itemIds.length !== newItemIds.length) {
    throw new ToolError('the number of items to be exchanged should match');
  }

  let differenceCents = 0;
  const swaps = itemIds.map((itemId, i): ItemSwap => {
    const item = firstItem(order.items, itemId);
    const newItemId = newItemIds[i];
    const variant = products.get(item.product_id)?.variants[newItemId];
    if (!variant?.available) {
      throw new ToolError(`new item ${newItemId} not found or available`);
    }
    differenceCents += variant.price - item.price;
    return { itemId, variant };
  });
  return { swaps, differenceCents };
}

/**
 * The order's items after the swaps, applied one after another to the
 * first item that has the swap's item id at that moment, as τ-bench does.
 */
export function swapItems(
  items: readonly OrderItem[],
  swaps: readonly ItemSwap[],
): OrderItem[] {
  const swapped = items.map((item) => ({ ...item }));
  for (const { itemId, variant } of swaps) {
    const index = swapped.findIndex((item) => item.item_id === itemId);
    if (index < 0) throw new ToolError(`${itemId} not found`);
    swapped[index] = {
      ...swapped[index],
      item_id: variant.item_id,
      price: variant.price,
      options: { ...variant.options },
    };
  }
  return swapped;
}

function firstItem(items: readonly OrderItem[], itemId: string): OrderItem {
  const item = items.find((candidate) => candidate.item_id === itemId);
  // missingItem() ran first: every named id is on the order.
  if (!item) throw new ToolError(`${itemId} not found`);
  return item;
}
