import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../functions/agent-api/handler';
import type { HttpResult } from '../../functions/shared/http';
import { sha256Hex } from '../../functions/shared/secrets';
import type { Conversation } from '../../schemas/conversation';
import type { Handoff } from '../../schemas/handoff';
import { httpEvent } from '../support/http-event';

/**
 * The agents' handoff routes over mocked DynamoDB and Step Functions: one
 * stored handoff (`given`), its conversation's head, and the handler
 * called with the agent token. Importing this registers the mocks' reset.
 */
export const ddb = mockClient(DynamoDBDocumentClient);
export const sfn = mockClient(SFNClient);

export const AT = '2026-12-03T10:00:00.000Z';
export const AGENT_TOKEN = 'agent-token-1';
export const TASK_TOKEN = 'task-token-secret-1';
export const HANDOFF_ID = 'conv-1-1-2';
export const BASE = `/tenants/demo/handoffs/${HANDOFF_ID}`;

export const handoff = (overrides: Partial<Handoff> = {}): Handoff => ({
  tenantId: 'demo',
  handoffId: HANDOFF_ID,
  conversationId: 'conv-1',
  segment: 1,
  status: 'open',
  reason: 'customer_request',
  summary: 'Wants a refund for order #W1234567',
  createdAt: AT,
  updatedAt: AT,
  ...overrides,
});

export const stored = (h: Handoff) => ({
  pk: `T#demo#H#${h.handoffId}`,
  sk: 'HANDOFF',
  ...h,
  ...(h.status === 'open' ? { taskToken: TASK_TOKEN } : {}),
});

export const head: Conversation = {
  tenantId: 'demo',
  conversationId: 'conv-1',
  customerId: 'cust-1',
  channel: 'web',
  status: 'handoff',
  segment: 1,
  customerTokenSha256: sha256Hex('customer'),
  lastSequence: 4,
  lastAnswered: 3,
  turns: 2,
  handoffUnanswered: false,
  createdAt: AT,
  updatedAt: AT,
};

/** The handoff store: Get returns `current`; Update applies the decision. */
export function given(current: Handoff | undefined): void {
  ddb.on(GetCommand).callsFake((input) => {
    if (input.Key.sk === 'META') return { Item: head };
    return { Item: current ? stored(current) : undefined };
  });
  ddb.on(UpdateCommand).callsFake((input) => {
    const values = input.ExpressionAttributeValues ?? {};
    if (input.Key.sk === 'META') return { Attributes: head };
    return {
      Attributes: {
        ...stored(handoff()),
        status: values[':s'],
        updatedAt: values[':u'],
        ...(values[':agentId'] ? { agentId: values[':agentId'] } : {}),
        ...(values[':note'] ? { note: values[':note'] } : {}),
      },
    };
  });
  ddb.on(PutCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  sfn.on(SendTaskSuccessCommand).resolves({});
  sfn.on(SendTaskHeartbeatCommand).resolves({});
}

const context = { functionName: 'agent-api' } as Context;

export async function call(
  method: string,
  path: string,
  options: {
    token?: string;
    body?: unknown;
    query?: Record<string, string>;
  } = {
    token: AGENT_TOKEN,
  },
) {
  const event = httpEvent(method, path, options);
  const result = (await handler(event, context)) as HttpResult;
  const raw = result.body ?? '';
  // No answer, whatever its status, ever carries a task token.
  expect(raw).not.toContain(TASK_TOKEN);
  expect(raw).not.toContain('taskToken');
  return { status: result.statusCode, raw, body: raw ? JSON.parse(raw) : {} };
}

export const decisionOutput = () =>
  JSON.parse(
    sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input.output ?? '{}',
  );

/** Updates that move the handoff to another status. */
export const handoffUpdates = () =>
  ddb
    .commandCalls(UpdateCommand)
    .filter(
      (c) =>
        c.args[0].input.Key?.sk === 'HANDOFF' &&
        c.args[0].input.ExpressionAttributeValues?.[':s'] !== undefined,
    );

/** Updates that hold the handoff for an agent's decision. */
export const claims = () =>
  ddb
    .commandCalls(UpdateCommand)
    .filter((c) => c.args[0].input.UpdateExpression === 'SET deciding = :d');

export const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  process.env.AGENT_TOKEN_SHA256 = sha256Hex(AGENT_TOKEN);
});

afterAll(() => {
  delete process.env.AGENT_TOKEN_SHA256;
});
