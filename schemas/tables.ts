/**
 * The DynamoDB tables, as plain data: the CDK app builds them from this and
 * the local runtime creates the same tables in dynalite. Every partition key
 * starts with `T#<tenantId>`.
 */
export interface TableSpec {
  /** Logical name: CDK construct id, and the table name on the local runtime. */
  readonly name: string;
  /** Environment variable that hands the table name to the functions. */
  readonly envVar: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly globalIndexes: readonly {
    readonly name: string;
    readonly partitionKey: string;
    readonly sortKey: string;
  }[];
  /** Attribute holding the epoch-seconds expiry, if items expire. */
  readonly ttlAttribute?: string;
}

export const TABLES = {
  /** Conversation heads, messages, message-id claims, turns and handoffs. */
  conversations: {
    name: 'Conversations',
    envVar: 'CONVERSATIONS_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    globalIndexes: [
      { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    ],
    ttlAttribute: 'expiresAt',
  },
  /** Tenant configuration and knowledge documents. */
  tenants: {
    name: 'Tenants',
    envVar: 'TENANTS_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    globalIndexes: [],
  },
  /** The demo store's backend data: users, orders, products. */
  store: {
    name: 'Store',
    envVar: 'STORE_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    globalIndexes: [
      { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    ],
  },
  /** Powertools idempotency records: transient. */
  idempotency: {
    name: 'Idempotency',
    envVar: 'IDEMPOTENCY_TABLE',
    partitionKey: 'id',
    globalIndexes: [],
    ttlAttribute: 'expiration',
  },
} as const satisfies Record<string, TableSpec>;
