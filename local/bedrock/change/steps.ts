import { type ConversationView, callKey, type ToolView } from '../conversation';
import type { ChangeIntent } from './intent';
import type { ConversationRecords, Json } from './records';

/** What the offline model does next about a change request. */
export type ChangeStep =
  | {
      readonly kind: 'call';
      readonly tool: ToolView;
      readonly input: Record<string, unknown>;
    }
  /** A question to the customer for what is missing. */
  | { readonly kind: 'ask'; readonly text: string }
  /** Why the change cannot be made. */
  | { readonly kind: 'explain'; readonly text: string }
  /** The customer dropped the change before it was made. */
  | { readonly kind: 'withdrawn'; readonly text: string };

/** What planning a change works from. */
export interface PlanContext {
  readonly view: ConversationView;
  readonly intent: ChangeIntent;
  readonly records: ConversationRecords;
}

/** Planning a change to one order, once its record is at hand. */
export interface OrderContext extends PlanContext {
  /** The write tool the order's status calls for. */
  readonly tool: ToolView;
  readonly orderId: string;
  readonly order: Json;
}

export const ask = (text: string): ChangeStep => ({ kind: 'ask', text });

export const explain = (text: string): ChangeStep => ({
  kind: 'explain',
  text,
});

export const toolNamed = (view: ConversationView, name: string) =>
  view.tools.find((tool) => tool.name === name);

/**
 * Calls a declared tool, unless the same call was made since the customer
 * last wrote: its result is in the request already, or it failed.
 */
export function callOnce(
  view: ConversationView,
  name: string,
  input: Record<string, unknown>,
): ChangeStep | undefined {
  const tool = toolNamed(view, name);
  if (!tool || view.exchangeCalls.has(callKey(name, input))) return undefined;
  return { kind: 'call', tool, input };
}
