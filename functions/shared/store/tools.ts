import {
  FindUserIdByEmailInputSchema,
  FindUserIdByNameZipInputSchema,
  GetOrderDetailsInputSchema,
  GetProductDetailsInputSchema,
  GetUserDetailsInputSchema,
  ListAllProductTypesInputSchema,
} from '../../../schemas/tools/store';
import { orderJson, productJson, userJson } from './json';
import {
  cancelPendingOrder,
  modifyPendingOrderAddress,
  modifyPendingOrderItems,
  modifyPendingOrderPayment,
} from './orders-cancel-modify';
import {
  exchangeDeliveredOrderItems,
  returnDeliveredOrderItems,
} from './returns-exchanges';
import { found, implement, type StoreTool } from './tool';
import { modifyUserAddress } from './users';

export type { StoreTool, ToolRunOptions, WritePreview } from './tool';

/**
 * The store's tools, one per tool of `TOOL_CATALOGUE`. Each returns what
 * τ-bench's retail tool returns, as a JSON value: a user id, or the record
 * with money in dollars. Where τ-bench answers "Error: order not found"
 * these throw a `ToolError` with the same plain message. This file holds
 * the read tools; the write tools live in `./orders-cancel-modify`,
 * `./returns-exchanges` and `./users`.
 */

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
      cancelPendingOrder,
      modifyPendingOrderAddress,
      modifyPendingOrderPayment,
      modifyPendingOrderItems,
      returnDeliveredOrderItems,
      exchangeDeliveredOrderItems,
      modifyUserAddress,
    ].map((tool) => [tool.name, tool]),
  );
