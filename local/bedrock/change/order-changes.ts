import { listPhrase } from '../text';
import { countryOf, readAddress } from './address';
import { ASK_LEAD } from './intent';
import { chooseItems, type OrderItem, orderItems } from './items';
import {
  askedMethods,
  methodChoice,
  methodsOf,
  methodWords,
  originalMethod,
  wantsGiftCard,
} from './payment';
import { enumChoice, meantValue } from './reason';
import type { Json } from './records';
import {
  ask,
  type ChangeStep,
  callOnce,
  explain,
  type OrderContext,
} from './steps';
import { chooseVariant } from './variants';

/**
 * Fills the arguments of the tools that change an order, from the order
 * record, the customer's profile and product records in the request, and
 * the customer's words. What none of them holds is asked for, never made
 * up; a record still missing is looked up first.
 */

type Filler = (context: OrderContext) => ChangeStep | undefined;

/** A cancel reason from the schema's values, matched to the words. */
const cancel: Filler = (context) => {
  const { tool, orderId, intent } = context;
  const schema = tool.schema.properties?.reason ?? {};
  const reason = meantValue(schema, intent.texts);
  if (!reason) {
    return ask(
      `${ASK_LEAD} Could you tell me why you would like to cancel order ` +
        `${orderId}: ${enumChoice(schema)}?`,
    );
  }
  return write(context, { order_id: orderId, reason });
};

/** The items named (all when none is), refunded to the original method. */
const returnItems: Filler = (context) => {
  const items = pickItems(context, 'return', true);
  if (!Array.isArray(items)) return items;
  const method = settlingMethod(context);
  if (typeof method !== 'string') return method;
  return write(context, {
    order_id: context.orderId,
    item_ids: items.map((item) => item.item_id),
    payment_method_id: method,
  });
};

/** The items named, each for the variant the customer describes. */
const swapItems: Filler = (context) => {
  const items = pickItems(context, 'exchange', false);
  if (!Array.isArray(items)) return items;
  const newIds: string[] = [];
  for (const item of items) {
    const found = newItemId(context, item);
    if (typeof found !== 'string') return found;
    newIds.push(found);
  }
  const method = settlingMethod(context);
  if (typeof method !== 'string') return method;
  return write(context, {
    order_id: context.orderId,
    item_ids: items.map((item) => item.item_id),
    new_item_ids: newIds,
    payment_method_id: method,
  });
};

/** The customer's other payment method their words name. */
const changePayment: Filler = (context) => {
  const { order, orderId, intent } = context;
  const found = userOf(context);
  if ('step' in found) return found.step;
  const { user } = found;
  const current = originalMethod(order);
  const asked = askedMethods(methodsOf(user), intent.texts, current);
  if (asked.length === 1 && asked[0]) {
    return write(context, {
      order_id: orderId,
      payment_method_id: asked[0].id,
    });
  }
  const others = methodsOf(user).filter((m) => m.id !== current);
  if (others.length === 0) {
    return explain(
      `Order ${orderId} is paid with ${methodWords(current ?? '', user)}, ` +
        'the only payment method on your account, so there is nothing to ' +
        'switch to.',
    );
  }
  return ask(
    `${ASK_LEAD} Which payment method would you like to pay order ` +
      `${orderId} with: ${methodChoice(others, user)}?`,
  );
};

/** The address the customer wrote; the country, when left out, stays. */
const changeAddress: Filler = (context) => {
  const { order, orderId, intent } = context;
  const address = readAddress(intent.texts);
  const country = address?.country ?? countryOf(order.address);
  if (!address || !country) {
    return ask(
      `${ASK_LEAD} What is the new shipping address for order ${orderId}: ` +
        'street, city, state, zip code and country?',
    );
  }
  return write(context, { order_id: orderId, ...address, country });
};

/** How each write tool of an order gets its arguments. */
export const ORDER_CHANGES: Readonly<Record<string, Filler>> = {
  cancel_pending_order: cancel,
  return_delivered_order_items: returnItems,
  exchange_delivered_order_items: swapItems,
  modify_pending_order_items: swapItems,
  modify_pending_order_payment: changePayment,
  modify_pending_order_address: changeAddress,
};

function write(
  context: OrderContext,
  input: Record<string, unknown>,
): ChangeStep | undefined {
  return callOnce(context.view, context.tool.name, input);
}

/**
 * The items the customer names; when they name none, every item if
 * `allByDefault` or the order has one, else a question.
 */
function pickItems(
  context: OrderContext,
  verb: string,
  allByDefault: boolean,
): OrderItem[] | ChangeStep {
  const { order, orderId, intent } = context;
  const items = orderItems(order);
  const names = listPhrase(items.map((item) => item.name));
  const choice = chooseItems(items, intent.texts);
  if (choice.kind === 'unknown') {
    return ask(
      `${ASK_LEAD} I could not find the ${choice.thing} in order ` +
        `${orderId}: it holds ${names}. Which of these would you like to ` +
        `${verb}?`,
    );
  }
  if (choice.kind === 'named') return [...choice.items];
  if (allByDefault || items.length === 1) return items;
  return ask(
    `${ASK_LEAD} Which items of order ${orderId} would you like to ` +
      `${verb}: ${names}?`,
  );
}

/**
 * The original payment method, or the customer's gift card when they ask
 * for one and their profile shows one (looked up first when not at hand).
 */
function settlingMethod(context: OrderContext): string | ChangeStep {
  const { order, intent, records } = context;
  const original = originalMethod(order);
  if (wantsGiftCard(intent.texts)) {
    const userId = typeof order.user_id === 'string' ? order.user_id : '';
    const user = records.users.get(userId);
    const lookup =
      user || !userId
        ? undefined
        : callOnce(context.view, 'get_user_details', { user_id: userId });
    if (lookup) return lookup;
    const gift = user && methodsOf(user).find((m) => m.source === 'gift_card');
    if (gift) return gift.id;
  }
  return (
    original ??
    ask(`${ASK_LEAD} Which payment method should I use for this change?`)
  );
}

/** The profile of the order's customer, or the step that gets it. */
function userOf(context: OrderContext): { user: Json } | { step: ChangeStep } {
  const { user_id: userId } = context.order;
  const user = context.records.users.get(String(userId));
  if (user) return { user };
  const lookup =
    typeof userId === 'string'
      ? callOnce(context.view, 'get_user_details', { user_id: userId })
      : undefined;
  return {
    step:
      lookup ??
      ask(
        `${ASK_LEAD} Which payment method would you like to use for order ` +
          `${context.orderId}?`,
      ),
  };
}

/** The id of the variant wanted instead of `item`, or the step to get it. */
function newItemId(
  context: OrderContext,
  item: OrderItem,
): string | ChangeStep {
  const product = context.records.products.get(item.product_id);
  if (!product) {
    const lookup = callOnce(context.view, 'get_product_details', {
      product_id: item.product_id,
    });
    return (
      lookup ??
      ask(`${ASK_LEAD} Which item would you like instead of the ${item.name}?`)
    );
  }
  const choice = chooseVariant(product, item, context.intent.texts);
  if (choice.kind === 'found') return choice.itemId;
  if (!choice.offered) {
    return explain(
      `There is no other ${item.name} available right now, so it cannot ` +
        'be exchanged.',
    );
  }
  return ask(
    choice.kind === 'none'
      ? `${ASK_LEAD} No available ${item.name} matches that; available ` +
          `are ${choice.offered}. Which would you like?`
      : `${ASK_LEAD} Which ${item.name} would you like instead: ` +
          `${choice.offered}?`,
  );
}
