import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from '../../../functions/shared/clients/dynamo';
import {
  APPROVAL_SK,
  approvalPk,
  approvalStatusGsiPk,
  conversationPk,
  SK,
  TENANT_SK,
  tenantPk,
} from '../../../functions/shared/keys';
import type { Approval } from '../../../schemas/approval';
import type { Conversation } from '../../../schemas/conversation';
import { TABLES } from '../../../schemas/tables';
import type { TenantConfig } from '../../../schemas/tenant-config';
import type { TurnRecord } from '../../../schemas/turn';
import { startTestDynamo, type TestDynamo } from '../../store/dynalite';

type Item = Record<string, unknown>;
const CONVERSATIONS = TABLES.conversations.name;

/**
 * The conversation items of the workflow-step tests on dynalite: the
 * functions' own DynamoDB client talks to it, the test reads and writes
 * items directly through `client`.
 */
export class DynaliteItems {
  private constructor(private readonly dynamo: TestDynamo) {}

  /** Starts dynalite and points the functions' client at it. */
  static async start(): Promise<DynaliteItems> {
    const dynamo = await startTestDynamo();
    // The module's client resolves its endpoint at its first request.
    process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
    return new DynaliteItems(dynamo);
  }

  get client(): DynamoDBDocumentClient {
    return this.dynamo.client;
  }

  async stop(): Promise<void> {
    dynamoClient.destroy();
    delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    await this.dynamo.close();
  }

  /** Deletes every item of the Conversations table. */
  async clearConversations(): Promise<void> {
    const { Items = [] } = await this.client.send(
      new ScanCommand({ TableName: CONVERSATIONS }),
    );
    for (const { pk, sk } of Items) {
      await this.client.send(
        new DeleteCommand({ TableName: CONVERSATIONS, Key: { pk, sk } }),
      );
    }
  }

  async putTenant(config: TenantConfig): Promise<void> {
    await this.put(TABLES.tenants.name, {
      pk: tenantPk(config.tenantId),
      sk: TENANT_SK.config,
      config,
    });
  }

  async putHead(head: Conversation): Promise<void> {
    await this.put(CONVERSATIONS, { ...headKey(head), ...head });
  }

  async putTurn(turn: TurnRecord): Promise<void> {
    await this.put(CONVERSATIONS, { ...turnKey(turn), ...turn });
  }

  /** Stores an approval as the shared code does, with an optional token. */
  async putApproval(approval: Approval, taskToken?: string): Promise<void> {
    await this.put(CONVERSATIONS, {
      pk: approvalPk(approval.tenantId, approval.approvalId),
      sk: APPROVAL_SK,
      gsi1pk: approvalStatusGsiPk(approval.tenantId, approval.status),
      gsi1sk: `${approval.createdAt}#${approval.approvalId}`,
      ...approval,
      ...(taskToken ? { taskToken } : {}),
    });
  }

  async head(ref: ConversationKey): Promise<Item | undefined> {
    return this.get(CONVERSATIONS, headKey(ref));
  }

  async turn(ref: TurnKey): Promise<TurnRecord> {
    return (await this.get(CONVERSATIONS, turnKey(ref))) as TurnRecord;
  }

  /** The approval item as stored, task token included. */
  async approval(tenantId: string, approvalId: string): Promise<Item> {
    const item = await this.get(CONVERSATIONS, {
      pk: approvalPk(tenantId, approvalId),
      sk: APPROVAL_SK,
    });
    return item ?? {};
  }

  /** Every item of the Conversations table whose sort key starts so. */
  async items(skPrefix: string): Promise<Item[]> {
    const { Items = [] } = await this.client.send(
      new ScanCommand({ TableName: CONVERSATIONS }),
    );
    return Items.filter((i) => String(i.sk).startsWith(skPrefix));
  }

  private async put(table: string, item: Item): Promise<void> {
    await this.client.send(new PutCommand({ TableName: table, Item: item }));
  }

  private async get(table: string, key: Item): Promise<Item | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: table, Key: key, ConsistentRead: true }),
    );
    return Item;
  }
}

interface ConversationKey {
  readonly tenantId: string;
  readonly conversationId: string;
}

interface TurnKey extends ConversationKey {
  readonly segment: number;
  readonly index: number;
}

const headKey = (ref: ConversationKey) => ({
  pk: conversationPk(ref.tenantId, ref.conversationId),
  sk: SK.head,
});

const turnKey = (ref: TurnKey) => ({
  pk: conversationPk(ref.tenantId, ref.conversationId),
  sk: SK.turn(ref.segment, ref.index),
});
