import type * as z from 'zod';
import {
  FindUserIdByEmailInputSchema,
  FindUserIdByNameZipInputSchema,
  GetOrderDetailsInputSchema,
  GetProductDetailsInputSchema,
  GetUserDetailsInputSchema,
  ListAllProductTypesInputSchema,
} from '../../../schemas/tools/store';
import type { StoreReader } from './adapter';
import { ToolError } from './errors';
import { orderJson, productJson, userJson } from './json';

/**
 * The store's read tools, one function per tool of `TOOL_CATALOGUE`. Each
 * returns what τ-bench's retail tool returns, as a JSON value: a user id, or
 * the record with money in dollars. Where τ-bench answers "Error: order not
 * found" these throw a `ToolError` with the same plain message.
 */

/** A tool's implementation: input as declared, result a JSON value. */
export interface StoreTool {
  readonly name: string;
  run(store: StoreReader, input: unknown): Promise<unknown>;
}

/** Binds an implementation to the input schema it was written for. */
function implement<S extends z.ZodType>(
  name: string,
  schema: S,
  run: (store: StoreReader, input: z.output<S>) => Promise<unknown>,
): StoreTool {
  // The act step validated the input already; parsing again keeps the
  // implementation type-safe should the catalogue and this file drift.
  return { name, run: (store, input) => run(store, schema.parse(input)) };
}

const found = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new ToolError(`${what} not found`);
  return value;
};

export const findUserIdByEmail = implement(
  'find_user_id_by_email',
  FindUserIdByEmailInputSchema,
  async (store, { email }) =>
    found(await store.findUserIdByEmail(email), 'user'),
);

export const findUserIdByNameZip = implement(
  'find_user_id_by_name_zip',
  FindUserIdByNameZipInputSchema,
  async (store, { first_name, last_name, zip }) =>
    found(await store.findUserIdByNameZip(first_name, last_name, zip), 'user'),
);

export const getUserDetails = implement(
  'get_user_details',
  GetUserDetailsInputSchema,
  async (store, { user_id }) =>
    userJson(found(await store.getUser(user_id), 'user')),
);

export const getOrderDetails = implement(
  'get_order_details',
  GetOrderDetailsInputSchema,
  async (store, { order_id }) =>
    orderJson(found(await store.getOrder(order_id), 'order')),
);

export const getProductDetails = implement(
  'get_product_details',
  GetProductDetailsInputSchema,
  async (store, { product_id }) =>
    productJson(found(await store.getProduct(product_id), 'product')),
);

/** Product names mapped to product ids, sorted by name, as τ-bench lists. */
export const listAllProductTypes = implement(
  'list_all_product_types',
  ListAllProductTypesInputSchema,
  async (store) => {
    const products = await store.listProducts();
    const byName = products
      .map((p): [string, string] => [p.name, p.product_id])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(byName);
  },
);

/** The implementation of every store tool, by catalogue name. */
export const STORE_TOOLS: Readonly<Record<string, StoreTool>> =
  Object.fromEntries(
    [
      findUserIdByEmail,
      findUserIdByNameZip,
      getUserDetails,
      getOrderDetails,
      getProductDetails,
      listAllProductTypes,
    ].map((tool) => [tool.name, tool]),
  );
