import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
} from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { clearTenantCache } from '../../functions/shared/tenants';
import type { Message } from '../../schemas/message';
import type { Passage, ToolCall } from '../../schemas/turn';
import { FakeTables } from './workflow-steps/fake-tables';
import {
  message,
  ref,
  seedConversation,
  tenantConfig,
  turn,
  turnItem,
} from './workflow-steps/fixtures';

/**
 * The respond step over fake tables and a mocked Bedrock: one seeded
 * conversation and turn (`seed`), the Converse requests sent, and the turn
 * stored. Each test file calls `resetWorld` in its own `beforeEach`.
 */
export const ddb = mockClient(DynamoDBDocumentClient);
export const bedrock = mockClient(BedrockRuntimeClient);
let tables: FakeTables;

export const INPUT = { ...ref(), index: 1 };

export const passage = (id: string, title: string, url?: string): Passage => ({
  id,
  documentId: id.split('#')[0] ?? id,
  title,
  ...(url ? { url } : {}),
  text: `Text of ${id}`,
  score: 0.8,
});

export const call = (overrides: Partial<ToolCall> = {}): ToolCall => ({
  id: 'tool-1',
  name: 'get_order_details',
  input: { order_id: '#W1234567' },
  status: 'succeeded',
  result: '{"status":"delivered"}',
  round: 1,
  ...overrides,
});

export const sentRequest = (n = 0): ConverseCommandInput => {
  const calls = bedrock.commandCalls(ConverseCommand);
  const request = calls[n]?.args[0].input;
  if (!request) throw new Error(`No Converse call #${n}`);
  return request;
};

/** The turn as the fake tables hold it. */
export const storedTurn = () => turnItem(tables);

export const seed = (
  options: {
    messages?: Message[];
    turn?: Parameters<typeof turn>[0];
    config?: Record<string, unknown>;
  } = {},
) => {
  const messages = options.messages ?? [
    message(1, 'customer', 'Where is my order?'),
  ];
  seedConversation(tables, {
    messages,
    turns: [
      turn({ sequences: [messages.at(-1)?.sequence ?? 1], ...options.turn }),
    ],
    config: tenantConfig(options.config),
  });
};

/** For `beforeEach`: fresh mocks, tables and tenant cache. */
export function resetWorld(): void {
  ddb.reset();
  bedrock.reset();
  clearTenantCache();
  tables = new FakeTables(ddb);
}
