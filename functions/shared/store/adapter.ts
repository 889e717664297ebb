import type { Order, Product, User } from '../../../schemas/store';

/**
 * Read access to a store's backend: the lookups the read tools need. Money
 * in the returned records is integer cents. Absent records are `undefined`;
 * anything thrown is a backend failure.
 */
export interface StoreReader {
  getUser(userId: string): Promise<User | undefined>;
  /** The user with this email, compared case-insensitively. */
  findUserIdByEmail(email: string): Promise<string | undefined>;
  /** The user with this name (case-insensitive) and zip code. */
  findUserIdByNameZip(
    firstName: string,
    lastName: string,
    zip: string,
  ): Promise<string | undefined>;
  getOrder(orderId: string): Promise<Order | undefined>;
  getProduct(productId: string): Promise<Product | undefined>;
  /** Every product type, ordered by product id. */
  listProducts(): Promise<Product[]>;
}

/**
 * Write access: each put stores one whole record, replacing any earlier
 * version, and keeps the record's lookups (email, name and zip) current.
 */
export interface StoreWriter {
  putUser(userId: string, user: User): Promise<void>;
  putOrder(order: Order): Promise<void>;
  putProduct(product: Product): Promise<void>;
}

/** A store backend: what the tools run against. */
export interface StoreAdapter extends StoreReader, StoreWriter {}
