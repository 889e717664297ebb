import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { type AgentRecord, AgentRecordSchema } from '../../schemas/agent';
import { conditionalWrite } from './dynamo-errors';
import { ConflictError, ValidationError } from './errors';
import { TENANT_SK, tenantPk } from './keys';
import { newBearerToken, sha256Hex } from './secrets';
import type { TenantTable } from './tenant-parts';

/** The Tenants table, without the tenant: agents may serve several. */
export type AgentTable = Omit<TenantTable, 'tenantId'>;

/** Most tenants one token can be made for: one DynamoDB transaction. */
export const MAX_TENANTS_PER_TOKEN = 25;

const key = (tenantId: string, agentId: string) => ({
  pk: tenantPk(tenantId),
  sk: TENANT_SK.agent(agentId),
});

/** The agent's credential for the tenant, or `undefined` when it has none. */
export async function getAgent(
  table: AgentTable,
  tenantId: string,
  agentId: string,
): Promise<AgentRecord | undefined> {
  const { Item } = await table.client.send(
    new GetCommand({
      TableName: table.tableName,
      Key: key(tenantId, agentId),
      ConsistentRead: true,
    }),
  );
  return Item ? AgentRecordSchema.parse(Item) : undefined;
}

export interface NewAgent {
  readonly agentId: string;
  readonly name: string;
  readonly tenantIds: readonly string[];
  /** Replace the agent's credentials (and so its old token) in these tenants. */
  readonly replace?: boolean;
}

/**
 * Makes a token for the agent and stores its hash in each of the tenants.
 * Returns the token: it is kept nowhere, so this is the only time anyone
 * sees it. Without `replace`, an agent that already has a credential in one
 * of the tenants is a `ConflictError`, and the credentials this call stored
 * before it found out are taken back. With `replace`, each tenant's old
 * token stops working as its new credential is stored.
 */
export async function createAgentToken(
  table: AgentTable,
  agent: NewAgent,
  now = new Date(),
): Promise<{ token: string; records: AgentRecord[] }> {
  const tenantIds = [...new Set(agent.tenantIds)];
  if (tenantIds.length === 0 || tenantIds.length > MAX_TENANTS_PER_TOKEN) {
    throw new ValidationError(
      `A token is made for 1-${MAX_TENANTS_PER_TOKEN} tenants, not ${tenantIds.length}`,
    );
  }
  const token = `${agent.agentId}.${newBearerToken()}`;
  const records = tenantIds.map((tenantId) =>
    AgentRecordSchema.parse({
      tenantId,
      agentId: agent.agentId,
      name: agent.name,
      tokenSha256: sha256Hex(token),
      createdAt: now.toISOString(),
    }),
  );
  const stored: AgentRecord[] = [];
  for (const record of records) {
    const fresh = await conditionalWrite(
      table.client.send(
        new PutCommand({
          TableName: table.tableName,
          Item: { ...key(record.tenantId, record.agentId), ...record },
          ...(agent.replace
            ? {}
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        }),
      ),
    );
    if (!fresh) {
      await Promise.all(stored.map((done) => takeBack(table, done)));
      throw new ConflictError(
        `Agent ${agent.agentId} already has a token for tenant ` +
          `${record.tenantId}; replace it to make a new one`,
      );
    }
    stored.push(record);
  }
  return { token, records };
}

/** Deletes a credential this call stored, unless another replaced it. */
async function takeBack(table: AgentTable, record: AgentRecord) {
  await conditionalWrite(
    table.client.send(
      new DeleteCommand({
        TableName: table.tableName,
        Key: key(record.tenantId, record.agentId),
        ConditionExpression: 'tokenSha256 = :mine',
        ExpressionAttributeValues: { ':mine': record.tokenSha256 },
      }),
    ),
  );
}

/** The tenant's agents, by id; never their token hashes. */
export async function listAgents(
  table: AgentTable,
  tenantId: string,
): Promise<Omit<AgentRecord, 'tokenSha256'>[]> {
  const agents: Omit<AgentRecord, 'tokenSha256'>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': tenantPk(tenantId),
          ':prefix': TENANT_SK.agentPrefix,
        },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const { tokenSha256: _hash, ...agent } = AgentRecordSchema.parse(item);
      agents.push(agent);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return agents;
}

/**
 * Takes the agent's credential for the tenant away: its token stops working
 * there at once. Returns whether there was one.
 */
export async function removeAgent(
  table: AgentTable,
  tenantId: string,
  agentId: string,
): Promise<boolean> {
  const { Attributes } = await table.client.send(
    new DeleteCommand({
      TableName: table.tableName,
      Key: key(tenantId, agentId),
      ReturnValues: 'ALL_OLD',
    }),
  );
  return Attributes !== undefined;
}
