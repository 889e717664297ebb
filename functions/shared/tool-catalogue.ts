import type { ToolConfiguration } from '@aws-sdk/client-bedrock-runtime';
import * as z from 'zod';
import type { TenantConfig } from '../../schemas/tenant-config';
import {
  CalculateInputSchema,
  ThinkInputSchema,
  TransferToHumanAgentsInputSchema,
} from '../../schemas/tools/assistant';
import {
  type BuiltInToolName,
  isBuiltInTool,
} from '../../schemas/tools/built-in';
import type {
  HttpTarget,
  LambdaTarget,
  ToolRisk,
} from '../../schemas/tools/manifest';
import {
  CancelPendingOrderInputSchema,
  ExchangeDeliveredOrderItemsInputSchema,
  FindUserIdByEmailInputSchema,
  FindUserIdByNameZipInputSchema,
  GetOrderDetailsInputSchema,
  GetProductDetailsInputSchema,
  GetUserDetailsInputSchema,
  ListAllProductTypesInputSchema,
  ModifyPendingOrderAddressInputSchema,
  ModifyPendingOrderItemsInputSchema,
  ModifyPendingOrderPaymentInputSchema,
  ModifyUserAddressInputSchema,
  ReturnDeliveredOrderItemsInputSchema,
} from '../../schemas/tools/store';
import { customToolDeclaration } from './custom-tools';
import type { PiiType } from './pii/types';

export type { ToolRisk };

/** A tenant's HTTP API, with the hosts the tenant allows it to reach. */
export type HttpToolTarget = HttpTarget & {
  readonly allowedHosts: readonly string[];
};

/**
 * What runs a tool: the tenant's store, the assistant itself, or a
 * backend the tenant declared (an HTTP API or a Lambda function).
 */
export type ToolTarget =
  | { readonly type: 'store' }
  | { readonly type: 'assistant' }
  | HttpToolTarget
  | LambdaTarget;

/** A tool as declared to the model: what it does and what it accepts. */
export interface ToolDeclaration {
  readonly name: string;
  readonly description: string;
  readonly risk: ToolRisk;
  readonly input: z.ZodType;
  readonly target: ToolTarget;
  /**
   * Kinds of personal data a tenant tool receives as values (built-in
   * tools list theirs in `pii/tool-access.ts`).
   */
  readonly personalData?: readonly PiiType[];
}

const STORE = { type: 'store' } as const;
const ASSISTANT = { type: 'assistant' } as const;

const declare = (d: ToolDeclaration) => d;

/** Every tool a tenant can enable, by name. */
const CATALOGUE = {
  find_user_id_by_email: declare({
    name: 'find_user_id_by_email',
    description: "Find a customer's user id by their email address.",
    risk: 'read',
    input: FindUserIdByEmailInputSchema,
    target: STORE,
  }),
  find_user_id_by_name_zip: declare({
    name: 'find_user_id_by_name_zip',
    description:
      "Find a customer's user id by first name, last name and zip code, " +
      'when they cannot give their email.',
    risk: 'read',
    input: FindUserIdByNameZipInputSchema,
    target: STORE,
  }),
  get_user_details: declare({
    name: 'get_user_details',
    description:
      "Get a customer's profile: name, address, payment methods, orders.",
    risk: 'read',
    input: GetUserDetailsInputSchema,
    target: STORE,
  }),
  get_order_details: declare({
    name: 'get_order_details',
    description:
      'Get the status, items, tracking and payments of an order such as #W0000000.',
    risk: 'read',
    input: GetOrderDetailsInputSchema,
    target: STORE,
  }),
  get_product_details: declare({
    name: 'get_product_details',
    description:
      'Get the variants, options, prices and availability of a product.',
    risk: 'read',
    input: GetProductDetailsInputSchema,
    target: STORE,
  }),
  list_all_product_types: declare({
    name: 'list_all_product_types',
    description: 'List the name and product id of every product type sold.',
    risk: 'read',
    input: ListAllProductTypesInputSchema,
    target: STORE,
  }),
  // The assistant's own tools: they read and change no store data.
  calculate: declare({
    name: 'calculate',
    description:
      'Calculate the result of an arithmetic expression of numbers, ' +
      "+ - * / and parentheses, such as '(12.5 + 3) * 2'. Returns the " +
      'value rounded to 2 decimals.',
    risk: 'read',
    input: CalculateInputSchema,
    target: ASSISTANT,
  }),
  think: declare({
    name: 'think',
    description:
      'Think about something without obtaining new information or ' +
      'changing anything, when complex reasoning is needed.',
    risk: 'read',
    input: ThinkInputSchema,
    target: ASSISTANT,
  }),
  transfer_to_human_agents: declare({
    name: 'transfer_to_human_agents',
    description:
      'Transfer the customer to a human agent, with a summary of their ' +
      'issue for the agent. Only when the customer asks for a human, or ' +
      'the request cannot be handled with the available tools.',
    risk: 'read',
    input: TransferToHumanAgentsInputSchema,
    target: ASSISTANT,
  }),
  // The tools below change data. Each runs only once the customer said yes
  // to the exact change; no tenant enables them until that flow exists.
  cancel_pending_order: declare({
    name: 'cancel_pending_order',
    description:
      "Cancel an order whose status is 'pending', giving the reason. " +
      'What was paid is refunded to the payment methods that paid; a gift ' +
      'card at once, others in 5 to 7 business days. Returns the order.',
    risk: 'write',
    input: CancelPendingOrderInputSchema,
    target: STORE,
  }),
  modify_pending_order_address: declare({
    name: 'modify_pending_order_address',
    description:
      "Change the shipping address of an order whose status is 'pending'. " +
      'Returns the order.',
    risk: 'write',
    input: ModifyPendingOrderAddressInputSchema,
    target: STORE,
  }),
  modify_pending_order_payment: declare({
    name: 'modify_pending_order_payment',
    description:
      "Pay an order whose status is 'pending' with another of the " +
      "customer's payment methods; the old one is refunded. A gift card " +
      'must cover the whole amount. Returns the order.',
    risk: 'write',
    input: ModifyPendingOrderPaymentInputSchema,
    target: STORE,
  }),
  modify_pending_order_items: declare({
    name: 'modify_pending_order_items',
    description:
      "Swap items of an order whose status is 'pending' for available " +
      'variants of the same products, all in one call: afterwards the ' +
      'order cannot be modified or cancelled. new_item_ids[i] replaces ' +
      'item_ids[i]; the price difference is paid with or refunded to ' +
      'payment_method_id. Returns the order.',
    risk: 'write',
    input: ModifyPendingOrderItemsInputSchema,
    target: STORE,
  }),
  return_delivered_order_items: declare({
    name: 'return_delivered_order_items',
    description:
      "Request the return of items of an order whose status is 'delivered'. " +
      'The refund goes to the payment method that paid the order or to a ' +
      'gift card of the customer. Returns the order.',
    risk: 'write',
    input: ReturnDeliveredOrderItemsInputSchema,
    target: STORE,
  }),
  exchange_delivered_order_items: declare({
    name: 'exchange_delivered_order_items',
    description:
      "Request the exchange of items of an order whose status is 'delivered' " +
      'for available variants of the same products, all in one call. ' +
      'new_item_ids[i] replaces item_ids[i]; the price difference is paid ' +
      'with or refunded to payment_method_id. Returns the order.',
    risk: 'write',
    input: ExchangeDeliveredOrderItemsInputSchema,
    target: STORE,
  }),
  modify_user_address: declare({
    name: 'modify_user_address',
    description:
      "Change a customer's default address; existing orders keep theirs. " +
      'Returns the customer profile.',
    risk: 'write',
    input: ModifyUserAddressInputSchema,
    target: STORE,
  }),
} satisfies Record<BuiltInToolName, ToolDeclaration>;

/** Every built-in tool a tenant can enable, by name. */
export const TOOL_CATALOGUE: Readonly<Record<string, ToolDeclaration>> =
  CATALOGUE;

/** The built-in declarations of the given names, in that order. */
export function enabledTools(names: readonly string[]): ToolDeclaration[] {
  return names.flatMap((name) => {
    const tool = isBuiltInTool(name) ? TOOL_CATALOGUE[name] : undefined;
    return tool ? [tool] : [];
  });
}

/**
 * The declarations of the tools a tenant enabled, built-in and its own,
 * in the order `tools.enabled` lists them.
 */
export function toolsFor(config: TenantConfig): ToolDeclaration[] {
  return config.tools.enabled.flatMap((name) => {
    const tool = findTool(config, name);
    return tool ? [tool] : [];
  });
}

/**
 * The declaration of a tool the tenant can see, built-in or its own,
 * whether or not it enabled it; `undefined` for any other name.
 */
export function findTool(
  config: TenantConfig,
  name: string,
): ToolDeclaration | undefined {
  if (isBuiltInTool(name)) return TOOL_CATALOGUE[name];
  const custom = config.tools.custom.find((tool) => tool.name === name);
  return custom && customToolDeclaration(custom, config.tools.allowedHosts);
}

/** Bedrock Converse tool configuration for the given declarations. */
export function toolConfiguration(
  tools: readonly ToolDeclaration[],
): ToolConfiguration | undefined {
  if (tools.length === 0) return undefined;
  return {
    tools: tools.map((tool) => ({
      toolSpec: {
        name: tool.name,
        description: tool.description,
        inputSchema: {
          json: z.toJSONSchema(tool.input, { target: 'draft-7' }) as never,
        },
      },
    })),
  };
}
