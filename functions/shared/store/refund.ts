import type { Cents } from '../../../schemas/store';
import { ValidationError } from '../errors';
import type { StoreReader } from './adapter';
import { STORE_TOOLS } from './tools';

/**
 * Money, in cents, that a call of a store tool would give back to the
 * customer, worked out from the records as they are, without writing:
 *
 * - `cancel_pending_order`: what the order's payment methods paid, net of
 *   earlier refunds;
 * - `return_delivered_order_items`: the price of the items returned;
 * - `exchange_delivered_order_items`, `modify_pending_order_items`: the
 *   price difference when the new items cost less, else 0;
 * - every other tool: 0 (a payment method change refunds the old method
 *   only what the new one pays).
 *
 * Throws the `ValidationError` or `ToolError` the call itself would throw,
 * so a call that would be refused has no refund amount. For an unknown
 * tool name it throws `ValidationError`.
 *
 * @example
 * const cents = await refundCents(store, 'return_delivered_order_items', {
 *   order_id: '#W0000000', item_ids: ['1008292230'],
 *   payment_method_id: 'gift_card_0000000',
 * });
 */
export async function refundCents(
  store: StoreReader,
  toolName: string,
  input: unknown,
): Promise<Cents> {
  const tool = STORE_TOOLS[toolName];
  if (!tool) throw new ValidationError(`There is no store tool '${toolName}'`);
  if (!tool.preview) return 0;

  const { refundCents: cents } = await tool.preview(store, input);
  return cents;
}
