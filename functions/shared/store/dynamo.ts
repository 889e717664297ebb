import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod';
import {
  type Order,
  OrderSchema,
  type Product,
  ProductSchema,
  type StoreData,
  type User,
  UserSchema,
} from '../../../schemas/store';
import { TABLES } from '../../../schemas/tables';
import { isConditionFailure } from '../dynamo-errors';
import { InvariantError } from '../errors';
import type { PutOptions, StoreAdapter } from './adapter';
import { batchWriteAll } from './batch-write';
import {
  type Item,
  orderItem,
  productItem,
  revised,
  revisionCondition,
  userItems,
} from './dynamo-items';
import { RevisionConflictError } from './errors';
import {
  emailGsiPk,
  nameZipGsiPk,
  orderPk,
  productsPk,
  STORE_SK,
  USER_GSI_SK_PREFIX,
  userPk,
} from './keys';

export interface DynamoStoreOptions {
  readonly client: DynamoDBDocumentClient;
  /** Name of the Store table (`TABLES.store`). */
  readonly tableName: string;
  readonly tenantId: string;
}

const GSI1 = TABLES.store.globalIndexes[0].name;

/**
 * A tenant's store on the Store table; see `./keys` for the item layout.
 * Records are stored as their fields next to the keys, money in cents.
 *
 * Conditional puts compare the stored `revision` attribute in the put's
 * condition expression: one single-item write, no transaction (dynalite
 * has none). A user is two items: the user item (conditional) is written
 * first, then its name and zip lookup item; a failure in between leaves
 * that lookup on the previous name or zip until the user's next put.
 *
 * @example
 * const store = new DynamoStore({ client, tableName, tenantId: 'demo' });
 * const order = await store.getOrder('#W0000000');
 */
export class DynamoStore implements StoreAdapter {
  constructor(private readonly options: DynamoStoreOptions) {}

  async getUser(userId: string): Promise<User | undefined> {
    const item = await this.get(userPk(this.tenant, userId), STORE_SK.user);
    return item && this.parse(UserSchema, item, `user ${userId}`);
  }

  findUserIdByEmail(email: string): Promise<string | undefined> {
    return this.lookUp(emailGsiPk(this.tenant, email));
  }

  findUserIdByNameZip(
    firstName: string,
    lastName: string,
    zip: string,
  ): Promise<string | undefined> {
    return this.lookUp(nameZipGsiPk(this.tenant, firstName, lastName, zip));
  }

  async getOrder(orderId: string): Promise<Order | undefined> {
    const item = await this.get(orderPk(this.tenant, orderId), STORE_SK.order);
    return item && this.parse(OrderSchema, item, `order ${orderId}`);
  }

  async getProduct(productId: string): Promise<Product | undefined> {
    const pk = productsPk(this.tenant);
    const item = await this.get(pk, STORE_SK.product(productId));
    return item && this.parse(ProductSchema, item, `product ${productId}`);
  }

  async listProducts(): Promise<Product[]> {
    const products: Product[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.options.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': productsPk(this.tenant),
            ':prefix': STORE_SK.productPrefix,
          },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      for (const item of page.Items ?? []) {
        products.push(this.parse(ProductSchema, item, `product ${item.sk}`));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return products;
  }

  async putUser(
    userId: string,
    user: User,
    options: PutOptions = {},
  ): Promise<void> {
    const [lookup, item] = userItems(
      this.tenant,
      userId,
      revised(user, options),
    );
    await this.put(item, options, `user ${userId}`);
    await this.put(lookup);
  }

  async putOrder(order: Order, options: PutOptions = {}): Promise<void> {
    const item = orderItem(this.tenant, revised(order, options));
    await this.put(item, options, `order ${order.order_id}`);
  }

  async putProduct(product: Product): Promise<void> {
    await this.put(productItem(this.tenant, product));
  }

  /** Writes a whole store with batch writes; returns the record counts. */
  async putAll(data: StoreData): Promise<StoreCounts> {
    const users = Object.entries(data.users);
    const orders = Object.values(data.orders);
    const products = Object.values(data.products);
    const items = [
      ...products.map((product) => productItem(this.tenant, product)),
      ...orders.map((order) => orderItem(this.tenant, order)),
      ...users.flatMap(([userId, user]) =>
        userItems(this.tenant, userId, user),
      ),
    ];
    await batchWriteAll(this.options.client, this.options.tableName, items);

    return {
      users: users.length,
      orders: orders.length,
      products: products.length,
    };
  }

  private get tenant(): string {
    return this.options.tenantId;
  }

  private async get(pk: string, sk: string): Promise<Item | undefined> {
    const { Item } = await this.options.client.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: { pk, sk },
        ConsistentRead: true,
      }),
    );
    return Item;
  }

  /** Puts one item; with `expectedRevision`, only over that revision. */
  private async put(
    item: Item,
    { expectedRevision }: PutOptions = {},
    what = 'record',
  ): Promise<void> {
    try {
      await this.options.client.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: item,
          ...revisionCondition(expectedRevision),
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      throw new RevisionConflictError(
        `The ${what} changed while it was being written`,
        { cause: error },
      );
    }
  }

  /** The user id of the first gsi1 entry under `gsi1pk`. */
  private async lookUp(gsi1pk: string): Promise<string | undefined> {
    const { Items } = await this.options.client.send(
      new QueryCommand({
        TableName: this.options.tableName,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': gsi1pk },
        Limit: 1,
      }),
    );
    const sk = Items?.[0]?.gsi1sk;
    return typeof sk === 'string' && sk.startsWith(USER_GSI_SK_PREFIX)
      ? sk.slice(USER_GSI_SK_PREFIX.length)
      : undefined;
  }

  private parse<S extends z.ZodType>(
    schema: S,
    item: Item,
    what: string,
  ): z.output<S> {
    const result = schema.safeParse(item);
    if (result.success) return result.data;

    const issue = result.error.issues[0];
    throw new InvariantError(
      `Stored ${what} of tenant ${this.tenant} is malformed at ` +
        `${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
      { cause: result.error },
    );
  }
}

export interface StoreCounts {
  readonly users: number;
  readonly orders: number;
  readonly products: number;
}
