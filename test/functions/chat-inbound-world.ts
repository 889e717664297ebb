import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../functions/chat-inbound/handler';
import type { HttpResult } from '../../functions/shared/http';
import { sha256Hex } from '../../functions/shared/secrets';
import { clearTenantCache } from '../../functions/shared/tenants';
import type { Conversation } from '../../schemas/conversation';
import type { Message } from '../../schemas/message';
import { httpEvent } from '../support/http-event';
import { AT, demoHead } from './workflow-steps/demo-changes';

export { AT };

/**
 * The customer chat routes over mocked DynamoDB and Step Functions: the
 * tenant, the conversation's head and its messages as `given` describes
 * them, and the handler called as the customer's browser would.
 * Each test file calls `resetWorld()` in its own `beforeEach`.
 */
export const ddb = mockClient(DynamoDBDocumentClient);
export const sfn = mockClient(SFNClient);

export const TOKEN = 'customer-token-1';
export const CONVERSATION = 'conv-1';
export const MESSAGES_PATH = `/tenants/demo/conversations/${CONVERSATION}/messages`;
export const READ_PATH = `/tenants/demo/conversations/${CONVERSATION}`;
export const TEXT = 'Where is my order #W1234567?';

const TENANT_CONFIG = {
  tenantId: 'demo',
  displayName: 'Demo Store',
  persona: { name: 'Ava', company: 'Demo Store' },
  languages: ['en'],
};

/** The conversation's head: the demo store's, for this customer's token. */
export const head = (overrides: Partial<Conversation> = {}): Conversation =>
  demoHead(CONVERSATION, {
    customerId: 'cust-1',
    customerTokenSha256: sha256Hex(TOKEN),
    lastSequence: 2,
    ...overrides,
  });

export const message = (
  sequence: number,
  overrides: Partial<Message> = {},
) => ({
  tenantId: 'demo',
  conversationId: CONVERSATION,
  sequence,
  messageId: `m-${sequence}`,
  direction: 'inbound',
  sender: 'customer',
  channel: 'web',
  text: `message ${sequence}`,
  at: AT,
  ...overrides,
});

export interface World {
  /** Tenant configuration item; `null` for an unknown tenant. */
  tenant?: object | null;
  /** Head as read before storing, then as read again after. */
  heads?: (Conversation | undefined)[];
  /** Sequence of an already stored message id. */
  claimedSequence?: number;
  /** Messages a query returns. */
  messages?: object[];
  /** The head already exists when the first message creates it. */
  createLosesRace?: boolean;
  /** Every conditional update of the head fails its condition. */
  updateFails?: boolean;
}

const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });

export function given(world: World = {}): void {
  const heads = [...(world.heads ?? [])];
  let lastHead: Conversation | undefined;
  ddb.on(GetCommand).callsFake((input) => {
    if (input.TableName === 'Tenants') {
      const config = world.tenant === undefined ? TENANT_CONFIG : world.tenant;
      return { Item: config ? { config } : undefined };
    }
    if (input.Key.sk === 'META') {
      lastHead = heads.length > 0 ? heads.shift() : lastHead;
      return { Item: lastHead };
    }
    return { Item: { sequence: world.claimedSequence } };
  });
  ddb.on(PutCommand).callsFake((input) => {
    const sk: string = input.Item.sk;
    if (sk.startsWith('MSGID#') && world.claimedSequence) {
      throw conditionFailed();
    }
    if (sk === 'META' && world.createLosesRace) throw conditionFailed();
    return {};
  });
  ddb.on(QueryCommand).resolves({ Items: world.messages ?? [] });
  ddb.on(UpdateCommand).callsFake(() => {
    if (world.updateFails) throw conditionFailed();
    return { Attributes: lastHead };
  });
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec' });
  sfn.on(SendTaskSuccessCommand).resolves({});
}

const context = {
  functionName: 'chat-inbound',
  awsRequestId: 'aws-req-1',
} as Context;

export async function call(event: APIGatewayProxyEventV2) {
  const result = (await handler(event, context)) as HttpResult;
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    raw: result.body ?? '',
    body: JSON.parse(result.body || '{}'),
  };
}

export const post = (body: unknown, token?: string) =>
  call(httpEvent('POST', MESSAGES_PATH, { body, token }));

export const validBody = (overrides: Record<string, unknown> = {}) => ({
  messageId: 'msg-3',
  customerId: 'cust-1',
  text: TEXT,
  ...overrides,
});

export const putsOf = (prefix: string) =>
  ddb
    .commandCalls(PutCommand)
    .filter((c) => String(c.args[0].input.Item?.sk).startsWith(prefix));

/** Forgets every mocked answer and call and the cached tenants. */
export function resetWorld(): void {
  ddb.reset();
  sfn.reset();
  clearTenantCache();
}
