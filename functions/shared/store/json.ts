import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import {
  type Order,
  type Product,
  STORE_JSON,
  type StoreData,
  type StoreJson,
  type User,
} from '../../../schemas/store';
import { parseOrThrow } from '../validate';

/**
 * Conversions between τ-bench JSON (dollars with cents) and stored records
 * (integer cents), and loading of a store directory holding `users.json`,
 * `orders.json` and `products.json`.
 */

/** Parses the τ-bench JSON of a whole store into records in cents. */
export function decodeStoreJson(json: {
  users: unknown;
  orders: unknown;
  products: unknown;
}): StoreData {
  return {
    users: parseOrThrow(STORE_JSON.users, json.users, 'users.json'),
    orders: parseOrThrow(STORE_JSON.orders, json.orders, 'orders.json'),
    products: parseOrThrow(STORE_JSON.products, json.products, 'products.json'),
  };
}

/** The τ-bench JSON of a whole store (dollars), e.g. to write the files. */
export function encodeStoreJson(data: StoreData): StoreJson {
  return {
    users: z.encode(STORE_JSON.users, { ...data.users }),
    orders: z.encode(STORE_JSON.orders, { ...data.orders }),
    products: z.encode(STORE_JSON.products, { ...data.products }),
  };
}

/** A user as τ-bench shows it (gift card balances in dollars). */
export const userJson = (user: User) => z.encode(STORE_JSON.user, user);

/** An order as τ-bench shows it (prices and amounts in dollars). */
export const orderJson = (order: Order) => z.encode(STORE_JSON.order, order);

/** A product as τ-bench shows it (prices in dollars). */
export const productJson = (product: Product) =>
  z.encode(STORE_JSON.product, product);

/** Reads and parses the three τ-bench JSON files of a store directory. */
export async function loadStoreDir(dir: string): Promise<StoreData> {
  const read = async (name: string): Promise<unknown> =>
    JSON.parse(await readFile(join(dir, `${name}.json`), 'utf8'));
  const [users, orders, products] = await Promise.all([
    read('users'),
    read('orders'),
    read('products'),
  ]);

  return decodeStoreJson({ users, orders, products });
}
