import type { ConversationView, ToolView } from '../conversation';
import { askForArguments } from '../replies';
import { extractValue } from '../tool-arguments';
import { countryOf, readAddress } from './address';
import { ASK_LEAD, type ChangeKind, changeIntent } from './intent';
import { ORDER_CHANGES } from './order-changes';
import { readRecords } from './records';
import {
  type ChangeStep,
  callOnce,
  explain,
  type PlanContext,
  toolNamed,
} from './steps';

/**
 * Plans a change the customer asks for: which write tool, with which
 * arguments, and what to look up or ask first. An order's record is
 * always looked up before it is changed, so that its status picks the
 * tool (an exchange of a delivered order, a swap of a pending one) or
 * explains why it cannot be done, and so that item ids and payment
 * methods come from the record.
 */

/** The write tools each kind of change may use, by the status they need. */
const TOOLS_OF: Readonly<
  Record<ChangeKind, readonly { name: string; status?: string }[]>
> = {
  cancel: [{ name: 'cancel_pending_order', status: 'pending' }],
  return: [{ name: 'return_delivered_order_items', status: 'delivered' }],
  swap: [
    { name: 'exchange_delivered_order_items', status: 'delivered' },
    { name: 'modify_pending_order_items', status: 'pending' },
  ],
  payment: [{ name: 'modify_pending_order_payment', status: 'pending' }],
  order_address: [{ name: 'modify_pending_order_address', status: 'pending' }],
  user_address: [{ name: 'modify_user_address' }],
  refund: [
    { name: 'return_delivered_order_items', status: 'delivered' },
    { name: 'cancel_pending_order', status: 'pending' },
  ],
};

/** What each kind does to an order, for "I cannot … it". */
const ACTIONS: Readonly<Record<ChangeKind, string>> = {
  cancel: 'cancel',
  return: 'return items of',
  swap: 'exchange or change items of',
  payment: 'change the payment of',
  order_address: 'change the shipping address of',
  user_address: 'change the address of',
  refund: 'refund',
};

const WITHDRAWN =
  'All right, nothing was changed. Is there anything else I can help you ' +
  'with?';

/** The store's tools that change data; only change planning calls them. */
export const CHANGE_TOOL_NAMES: ReadonlySet<string> = new Set(
  Object.values(TOOLS_OF).flatMap((tools) => tools.map((t) => t.name)),
);

/** The view without the write tools, for the scoring of read tools. */
export const withoutChangeTools = (
  view: ConversationView,
): ConversationView => ({
  ...view,
  tools: view.tools.filter((tool) => !CHANGE_TOOL_NAMES.has(tool.name)),
});

/**
 * The next step of the change the customer asks for, or `undefined` when
 * they ask for none, the tool it needs is not declared, or the step was
 * taken already since they last wrote.
 */
export function planChange(view: ConversationView): ChangeStep | undefined {
  const intent = changeIntent(
    view.messages,
    (text) => orderIdIn(view, text) !== undefined,
  );
  if (!intent) return undefined;
  if (intent === 'withdrawn') return { kind: 'withdrawn', text: WITHDRAWN };
  const options = TOOLS_OF[intent.kind].flatMap(({ name, status }) => {
    const tool = toolNamed(view, name);
    return tool ? [{ tool, status }] : [];
  });
  const [first] = options;
  if (!first) return undefined;

  const context = { view, intent, records: readRecords(view) };
  return intent.kind === 'user_address'
    ? planUserAddress(context, first.tool)
    : planOrderChange(context, options);
}

function planOrderChange(
  context: PlanContext,
  options: readonly { tool: ToolView; status?: string }[],
): ChangeStep | undefined {
  const { view, intent, records } = context;
  const [first] = options;
  const orderId = newest(view.userTexts, (text) => orderIdIn(view, text));
  if (!first) return undefined;
  if (!orderId) {
    return {
      kind: 'ask',
      text: askForArguments(first.tool, ['order_id'], []),
    };
  }
  const order = records.orders.get(orderId);
  if (!order) return callOnce(view, 'get_order_details', { order_id: orderId });

  const status = String(order.status);
  const chosen = options.find((option) => option.status === status);
  if (!chosen) {
    const fits = options.map((option) => option.status).join(' or ');
    return explain(
      `Order ${orderId} is ${status}, so I cannot ${ACTIONS[intent.kind]} ` +
        `it: that is only possible for ${fits} orders.`,
    );
  }
  const fill = ORDER_CHANGES[chosen.tool.name];
  return fill?.({ ...context, tool: chosen.tool, orderId, order });
}

/**
 * The customer's user id from the lookups and records in the request or
 * their words; failing that, looks it up by their email, or asks.
 */
function planUserAddress(
  context: PlanContext,
  tool: ToolView,
): ChangeStep | undefined {
  const { view, records, intent } = context;
  const userId =
    records.userIds.at(-1) ??
    [...records.users.keys()].at(-1) ??
    [...records.orders.values()].map((o) => o.user_id).at(-1) ??
    newest(view.userTexts, (text) =>
      extractValue('user_id', tool.schema.properties?.user_id ?? {}, text),
    );
  if (typeof userId !== 'string') return findUser(context, tool);

  const address = readAddress(intent.texts);
  const user = records.users.get(userId);
  const country = address?.country ?? countryOf(user?.address);
  if (address && !country && !user) {
    const lookup = callOnce(view, 'get_user_details', { user_id: userId });
    if (lookup) return lookup;
  }
  if (!address || !country) {
    return {
      kind: 'ask',
      text:
        `${ASK_LEAD} What is your new address: street, city, state, zip ` +
        'code and country?',
    };
  }
  return callOnce(view, tool.name, { user_id: userId, ...address, country });
}

/** Looks the customer up by the email they gave, or asks for it. */
function findUser(context: PlanContext, tool: ToolView): ChangeStep {
  const { view } = context;
  const finder = toolNamed(view, 'find_user_id_by_email');
  const schema = finder?.schema.properties?.email ?? { format: 'email' };
  const email = newest(view.userTexts, (text) =>
    extractValue('email', schema, text),
  );
  const lookup = email
    ? callOnce(view, 'find_user_id_by_email', { email })
    : undefined;
  const providers = view.tools.filter((t) => t.name.startsWith('find_user_id'));
  return (
    lookup ?? {
      kind: 'ask',
      text: askForArguments(tool, ['user_id'], providers),
    }
  );
}

/** The order id in a text, by the pattern a declared tool gives it. */
function orderIdIn(view: ConversationView, text: string): string | undefined {
  const schema = view.tools.find((t) => t.schema.properties?.order_id)?.schema
    .properties?.order_id;
  return schema ? extractValue('order_id', schema, text) : undefined;
}

/** The first value found, newest text first. */
function newest(
  texts: readonly string[],
  find: (text: string) => string | undefined,
): string | undefined {
  for (const text of [...texts].reverse()) {
    const value = find(text);
    if (value !== undefined) return value;
  }
  return undefined;
}
