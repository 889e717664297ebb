import { KMSClient } from '@aws-sdk/client-kms';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { openVault } from '../../functions/shared/pii/conversation-vault';
import { MemoryStore } from '../../functions/shared/store/memory';
import { clearTenantCache } from '../../functions/shared/tenants';
import { TOOL_CATALOGUE } from '../../functions/shared/tool-catalogue';
import type { ToolCall } from '../../schemas/turn';
import { storeJson } from '../store/fixtures';
import { fakeKms } from '../support/kms';

/**
 * The act step over mocked DynamoDB and KMS: one turn of the demo tenant
 * (`givenTurn`), its tenant (`givenTenant`), its PII vault (`givenVault`)
 * and an in-memory store of the demo data. Each test file wires `setUp`
 * into its own `beforeEach`.
 */
export const ddb = mockClient(DynamoDBDocumentClient);
export const kms = mockClient(KMSClient);

export const REF = {
  tenantId: 'demo',
  conversationId: 'conv-1',
  segment: 1,
  index: 2,
};

export const READ_TOOLS = Object.values(TOOL_CATALOGUE)
  .filter((tool) => tool.risk === 'read')
  .map((tool) => tool.name);

/** The store the act step runs tools against; fresh for each test. */
export let store: MemoryStore;
export const deps = () => ({ storeFor: () => store });

export const call = (overrides: Partial<ToolCall>): ToolCall => ({
  id: 'tool-1',
  name: 'get_order_details',
  input: { order_id: '#W1000001' },
  status: 'requested',
  round: 1,
  ...overrides,
});

export function givenTurn(toolCalls: ToolCall[]) {
  ddb.on(GetCommand, { TableName: 'Conversations' }).resolves({
    Item: {
      ...REF,
      sequences: [3],
      intent: 'order_status',
      confidence: 0.9,
      route: 'answer',
      language: 'en',
      toolCalls,
      startedAt: '2026-12-03T10:00:00.000Z',
    },
  });
  // The conversation has no PII vault yet.
  ddb
    .on(GetCommand, { TableName: 'Conversations', Key: { sk: 'PII' } })
    .resolves({});
}

export function givenTenant(enabled: string[] = READ_TOOLS) {
  ddb.on(GetCommand, { TableName: 'Tenants' }).resolves({
    Item: {
      config: {
        tenantId: 'demo',
        displayName: 'Demo',
        persona: { name: 'Wren', company: 'Demo' },
        languages: ['en'],
        tools: { enabled },
      },
    },
  });
}

/**
 * A conversation whose vault holds `values`, numbered in the order given:
 * sealed and stored through the vault's own code, then served back.
 */
export async function givenVault(values: readonly string[]) {
  const vault = await openVault(REF);
  for (const value of values) vault.redactText(value);
  await vault.save();
  const put = ddb
    .commandCalls(PutCommand)
    .find((call) => call.args[0].input.Item?.sk === 'PII');
  ddb
    .on(GetCommand, { TableName: 'Conversations', Key: { sk: 'PII' } })
    .resolves({ Item: put?.args[0].input.Item });
  ddb.resetHistory();
}

/** The tool calls as the act step's last update of the turn stored them. */
export function storedCalls(): ToolCall[] {
  const updates = ddb.commandCalls(UpdateCommand);
  expect(updates.length).toBeGreaterThan(0);
  const { ExpressionAttributeNames, ExpressionAttributeValues } =
    updates.at(-1)?.args[0].input ?? {};
  expect(ExpressionAttributeNames).toEqual({ '#f0': 'toolCalls' });
  return ExpressionAttributeValues?.[':f0'];
}

/** Resets the mocks, the tenant cache and the store; enables read tools. */
export function setUp() {
  ddb.reset();
  kms.reset();
  fakeKms(kms);
  ddb.on(UpdateCommand).resolves({});
  clearTenantCache();
  store = MemoryStore.fromJson(storeJson());
  givenTenant();
}
