/**
 * Names of the tools Frontline itself provides (the store's tools and the
 * assistant's own), which a tenant enables by name. The catalogue in
 * `functions/shared/tool-catalogue.ts` declares exactly these; a tenant's
 * own tools must be named otherwise.
 */
export const BUILT_IN_TOOL_NAMES = [
  'find_user_id_by_email',
  'find_user_id_by_name_zip',
  'get_user_details',
  'get_order_details',
  'get_product_details',
  'list_all_product_types',
  'calculate',
  'think',
  'transfer_to_human_agents',
  'cancel_pending_order',
  'modify_pending_order_address',
  'modify_pending_order_payment',
  'modify_pending_order_items',
  'return_delivered_order_items',
  'exchange_delivered_order_items',
  'modify_user_address',
] as const;

export type BuiltInToolName = (typeof BUILT_IN_TOOL_NAMES)[number];

const BUILT_IN = new Set<string>(BUILT_IN_TOOL_NAMES);

/** Whether `name` is one of Frontline's own tools. */
export const isBuiltInTool = (name: string): name is BuiltInToolName =>
  BUILT_IN.has(name);
