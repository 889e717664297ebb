import type {
  PutOptions,
  StoreAdapter,
} from '../../functions/shared/store/adapter';
import type { Order, Product, User } from '../../schemas/store';

/**
 * A store adapter that passes every call on and remembers which users and
 * orders were written, so a replay can tell the records a task changed.
 */
export class RecordingStore implements StoreAdapter {
  readonly writtenUsers = new Set<string>();
  readonly writtenOrders = new Set<string>();

  constructor(private readonly store: StoreAdapter) {}

  getUser = (userId: string) => this.store.getUser(userId);
  findUserIdByEmail = (email: string) => this.store.findUserIdByEmail(email);
  findUserIdByNameZip = (first: string, last: string, zip: string) =>
    this.store.findUserIdByNameZip(first, last, zip);
  getOrder = (orderId: string) => this.store.getOrder(orderId);
  getProduct = (productId: string) => this.store.getProduct(productId);
  listProducts = () => this.store.listProducts();

  async putUser(userId: string, user: User, options?: PutOptions) {
    await this.store.putUser(userId, user, options);
    this.writtenUsers.add(userId);
  }

  async putOrder(order: Order, options?: PutOptions) {
    await this.store.putOrder(order, options);
    this.writtenOrders.add(order.order_id);
  }

  putProduct = (product: Product) => this.store.putProduct(product);
}
