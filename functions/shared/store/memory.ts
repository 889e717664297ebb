import type { Order, Product, StoreData, User } from '../../../schemas/store';
import type { PutOptions, StoreAdapter } from './adapter';
import { RevisionConflictError } from './errors';
import { decodeStoreJson } from './json';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * A store held in memory, for tests, benchmarks and the offline demo. It
 * hands out copies, so callers never change its records by accident.
 *
 * @example
 * const store = MemoryStore.fromJson({ users, orders, products });
 * const userId = await store.findUserIdByEmail('someone@example.com');
 */
export class MemoryStore implements StoreAdapter {
  private readonly users: Map<string, User>;
  private readonly orders: Map<string, Order>;
  private readonly products: Map<string, Product>;

  constructor(data: StoreData) {
    this.users = new Map(Object.entries(structuredClone(data.users)));
    this.orders = new Map(Object.entries(structuredClone(data.orders)));
    this.products = new Map(Object.entries(structuredClone(data.products)));
  }

  /** Builds a store from τ-bench JSON (money in dollars). */
  static fromJson(json: {
    users: unknown;
    orders: unknown;
    products: unknown;
  }): MemoryStore {
    return new MemoryStore(decodeStoreJson(json));
  }

  async getUser(userId: string): Promise<User | undefined> {
    return copy(this.users.get(userId));
  }

  async findUserIdByEmail(email: string): Promise<string | undefined> {
    for (const [userId, user] of this.users) {
      if (same(user.email, email)) return userId;
    }
    return undefined;
  }

  async findUserIdByNameZip(
    firstName: string,
    lastName: string,
    zip: string,
  ): Promise<string | undefined> {
    for (const [userId, { name, address }] of this.users) {
      if (
        same(name.first_name, firstName) &&
        same(name.last_name, lastName) &&
        address.zip === zip
      ) {
        return userId;
      }
    }
    return undefined;
  }

  async getOrder(orderId: string): Promise<Order | undefined> {
    return copy(this.orders.get(orderId));
  }

  async getProduct(productId: string): Promise<Product | undefined> {
    return copy(this.products.get(productId));
  }

  async listProducts(): Promise<Product[]> {
    return [...this.products.values()]
      .sort((a, b) => (a.product_id < b.product_id ? -1 : 1))
      .map((product) => structuredClone(product));
  }

  async putUser(
    userId: string,
    user: User,
    options: PutOptions = {},
  ): Promise<void> {
    const stored = this.users.get(userId);
    this.users.set(userId, revised(user, stored, options, `user ${userId}`));
  }

  async putOrder(order: Order, options: PutOptions = {}): Promise<void> {
    const id = order.order_id;
    const stored = this.orders.get(id);
    this.orders.set(id, revised(order, stored, options, `order ${id}`));
  }

  async putProduct(product: Product): Promise<void> {
    this.products.set(product.product_id, structuredClone(product));
  }
}

/**
 * A copy of `record` to store, carrying the next revision when the put is
 * conditional; throws `RevisionConflictError` when `stored` is not at the
 * expected revision.
 */
function revised<T extends { revision?: number }>(
  record: T,
  stored: T | undefined,
  { expectedRevision }: PutOptions,
  what: string,
): T {
  if (expectedRevision === undefined) return structuredClone(record);
  if (stored === undefined || (stored.revision ?? 0) !== expectedRevision) {
    throw new RevisionConflictError(
      `The ${what} changed while it was being written`,
    );
  }
  return { ...structuredClone(record), revision: expectedRevision + 1 };
}

const copy = <T>(value: T | undefined): T | undefined =>
  value === undefined ? undefined : structuredClone(value);
