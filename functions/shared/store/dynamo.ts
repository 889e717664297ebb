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
import { InvariantError } from '../errors';
import type { StoreAdapter } from './adapter';
import { batchWriteAll } from './batch-write';
import {
  emailGsiPk,
  nameZipGsiPk,
  orderPk,
  productsPk,
  STORE_SK,
  USER_GSI_SK_PREFIX,
  userGsiSk,
  userPk,
} from './keys';

export interface DynamoStoreOptions {
  readonly client: DynamoDBDocumentClient;
  /** Name of the Store table (`TABLES.store`). */
  readonly tableName: string;
  readonly tenantId: string;
}

type Item = Record<string, unknown>;

const GSI1 = TABLES.store.globalIndexes[0].name;

/**
 * A tenant's store on the Store table; see `./keys` for the item layout.
 * Records are stored as their fields next to the keys, money in cents.
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

  async putUser(userId: string, user: User): Promise<void> {
    for (const item of this.userItems(userId, user)) await this.put(item);
  }

  async putOrder(order: Order): Promise<void> {
    await this.put(this.orderItem(order));
  }

  async putProduct(product: Product): Promise<void> {
    await this.put(this.productItem(product));
  }

  /** Writes a whole store with batch writes; returns the record counts. */
  async putAll(data: StoreData): Promise<StoreCounts> {
    const users = Object.entries(data.users);
    const orders = Object.values(data.orders);
    const products = Object.values(data.products);
    const items = [
      ...products.map((product) => this.productItem(product)),
      ...orders.map((order) => this.orderItem(order)),
      ...users.flatMap(([userId, user]) => this.userItems(userId, user)),
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

  /** The user item, and the item that indexes the user by name and zip. */
  private userItems(userId: string, user: User): Item[] {
    const pk = userPk(this.tenant, userId);
    const { first_name, last_name } = user.name;
    return [
      {
        pk,
        sk: STORE_SK.nameZipLookup,
        gsi1pk: nameZipGsiPk(
          this.tenant,
          first_name,
          last_name,
          user.address.zip,
        ),
        gsi1sk: userGsiSk(userId),
      },
      {
        pk,
        sk: STORE_SK.user,
        gsi1pk: emailGsiPk(this.tenant, user.email),
        gsi1sk: userGsiSk(userId),
        ...user,
      },
    ];
  }

  private orderItem(order: Order): Item {
    return {
      pk: orderPk(this.tenant, order.order_id),
      sk: STORE_SK.order,
      ...order,
    };
  }

  private productItem(product: Product): Item {
    return {
      pk: productsPk(this.tenant),
      sk: STORE_SK.product(product.product_id),
      ...product,
    };
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

  private async put(item: Item): Promise<void> {
    await this.options.client.send(
      new PutCommand({ TableName: this.options.tableName, Item: item }),
    );
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
