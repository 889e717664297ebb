import type { ConversationView } from '../conversation';
import { isRecord } from '../record-text';
import { textRoundResults } from '../text-rounds';
import { errorMessage, readPayload } from '../tool-results';
import type { WireMessage, WireToolResult, WireToolUse } from '../wire';

/**
 * The store records that tool results in the request hold: orders, users
 * and products as the store tools return them, and user ids found by
 * `find_user_id_by_…` tools. A later result replaces an earlier one of the
 * same record, so a change's result wins over the lookup before it.
 */

export type Json = Record<string, unknown>;

export interface ConversationRecords {
  readonly orders: ReadonlyMap<string, Json>;
  readonly users: ReadonlyMap<string, Json>;
  readonly products: ReadonlyMap<string, Json>;
  /** User ids found by lookups, oldest first. */
  readonly userIds: readonly string[];
}

/** Tools whose result is a user record, keyed by the call's `user_id`. */
const USER_TOOLS = new Set(['get_user_details', 'modify_user_address']);

/** Reads every successful tool result of the request. */
export function readRecords(view: ConversationView): ConversationRecords {
  const orders = new Map<string, Json>();
  const users = new Map<string, Json>();
  const products = new Map<string, Json>();
  const userIds: string[] = [];

  for (const { use, payload } of successes(view)) {
    const input = isRecord(use.input) ? use.input : {};
    if (typeof payload === 'string' && use.name.startsWith('find_user_id')) {
      userIds.push(payload);
    } else if (isOrder(payload)) {
      orders.set(payload.order_id, payload);
    } else if (isRecord(payload) && isRecord(payload.variants)) {
      const id = payload.product_id ?? input.product_id;
      if (typeof id === 'string') products.set(id, payload);
    } else if (isRecord(payload) && USER_TOOLS.has(use.name)) {
      if (typeof input.user_id === 'string') users.set(input.user_id, payload);
    }
  }
  return { orders, users, products, userIds };
}

const isOrder = (value: unknown): value is Json & { order_id: string } =>
  isRecord(value) &&
  typeof value.order_id === 'string' &&
  Array.isArray(value.items);

interface Success {
  readonly use: WireToolUse;
  readonly payload: unknown;
}

/** Each successful result with the call it answers, oldest first. */
function successes(view: ConversationView): Success[] {
  return view.messages.flatMap((message, index) =>
    resultsOf(message, view.messages[index - 1], view.toolUses).flatMap(
      ({ use, result }) => {
        const payload = readPayload(result);
        const failed = errorMessage(result, payload) !== undefined;
        return use && !failed ? [{ use, payload }] : [];
      },
    ),
  );
}

function resultsOf(
  message: WireMessage,
  previous: WireMessage | undefined,
  uses: ReadonlyMap<string, WireToolUse>,
): { use: WireToolUse | undefined; result: WireToolResult }[] {
  if (message.role !== 'user') return [];
  const blocks = message.content.flatMap((b) =>
    b.toolResult ? [b.toolResult] : [],
  );
  if (blocks.length > 0) {
    return blocks.map((result) => ({
      use: uses.get(result.toolUseId),
      result,
    }));
  }
  // Text rounds number their calls per message, so they pair up locally.
  const round = textRoundResults(message, previous);
  return round.results.map((result, i) => ({ use: round.uses[i], result }));
}
