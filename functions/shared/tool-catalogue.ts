import type { ToolConfiguration } from '@aws-sdk/client-bedrock-runtime';
import * as z from 'zod';
import {
  FindUserIdByEmailInputSchema,
  FindUserIdByNameZipInputSchema,
  GetOrderDetailsInputSchema,
  GetProductDetailsInputSchema,
  GetUserDetailsInputSchema,
  ListAllProductTypesInputSchema,
} from '../../schemas/tools/store';

/** `read` runs at once; `write` needs the customer's yes; the last a human's. */
export type ToolRisk = 'read' | 'write' | 'approval_required';

/** A tool as declared to the model: what it does and what it accepts. */
export interface ToolDeclaration {
  readonly name: string;
  readonly description: string;
  readonly risk: ToolRisk;
  readonly input: z.ZodType;
}

const declare = (d: ToolDeclaration) => d;

/** Every tool a tenant can enable, by name. */
export const TOOL_CATALOGUE: Readonly<Record<string, ToolDeclaration>> = {
  find_user_id_by_email: declare({
    name: 'find_user_id_by_email',
    description: "Find a customer's user id by their email address.",
    risk: 'read',
    input: FindUserIdByEmailInputSchema,
  }),
  find_user_id_by_name_zip: declare({
    name: 'find_user_id_by_name_zip',
    description:
      "Find a customer's user id by first name, last name and zip code, " +
      'when they cannot give their email.',
    risk: 'read',
    input: FindUserIdByNameZipInputSchema,
  }),
  get_user_details: declare({
    name: 'get_user_details',
    description:
      "Get a customer's profile: name, address, payment methods, orders.",
    risk: 'read',
    input: GetUserDetailsInputSchema,
  }),
  get_order_details: declare({
    name: 'get_order_details',
    description:
      'Get the status, items, tracking and payments of an order such as #W0000000.',
    risk: 'read',
    input: GetOrderDetailsInputSchema,
  }),
  get_product_details: declare({
    name: 'get_product_details',
    description:
      'Get the variants, options, prices and availability of a product.',
    risk: 'read',
    input: GetProductDetailsInputSchema,
  }),
  list_all_product_types: declare({
    name: 'list_all_product_types',
    description: 'List the name and product id of every product type sold.',
    risk: 'read',
    input: ListAllProductTypesInputSchema,
  }),
};

/** The declarations of the tools a tenant enabled, in the given order. */
export function enabledTools(names: readonly string[]): ToolDeclaration[] {
  return names.flatMap((name) => {
    const tool = TOOL_CATALOGUE[name];
    return tool ? [tool] : [];
  });
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
