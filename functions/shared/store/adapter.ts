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

/** How a put of a user or an order guards against concurrent writers. */
export interface PutOptions {
  /**
   * Write only while the stored record still has this revision (a record
   * without one has revision 0), and store the record with the next
   * revision. When the record changed or does not exist the put throws
   * `RevisionConflictError` and writes nothing.
   * @default undefined: the put replaces the record unconditionally
   */
  readonly expectedRevision?: number;
}

/**
 * Write access: each put stores one whole record, replacing any earlier
 * version, and keeps the record's lookups (email, name and zip) current.
 * A put is one conditional write of one item; a user's name and zip lookup
 * is a second item, written after the user.
 */
export interface StoreWriter {
  putUser(userId: string, user: User, options?: PutOptions): Promise<void>;
  putOrder(order: Order, options?: PutOptions): Promise<void>;
  putProduct(product: Product): Promise<void>;
}

/** A store backend: what the tools run against. */
export interface StoreAdapter extends StoreReader, StoreWriter {}
