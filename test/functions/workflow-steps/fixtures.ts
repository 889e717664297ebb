import type { ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import type { Context } from 'aws-lambda';
import {
  conversationPk,
  SK,
  TENANT_SK,
  tenantPk,
} from '../../../functions/shared/keys';
import type { Conversation } from '../../../schemas/conversation';
import type { GuardrailRef } from '../../../schemas/guardrails';
import type { Message } from '../../../schemas/message';
import {
  type TenantConfig,
  TenantConfigSchema,
} from '../../../schemas/tenant-config';
import type { TurnRecord } from '../../../schemas/turn';
import type { FakeTables } from './fake-tables';

/** Small builders for the workflow-step tests; every call is a fresh object. */
export const TENANT = 'acme';
export const CONVERSATION = 'conv-1';
export const AT = '2026-12-03T10:00:00.000Z';
export const CONVERSATIONS = 'Conversations';
export const TENANTS = 'Tenants';

export const ref = (segment = 1) => ({
  tenantId: TENANT,
  conversationId: CONVERSATION,
  segment,
});

export const PK = conversationPk(TENANT, CONVERSATION);

export function tenantConfig(
  overrides: Record<string, unknown> = {},
): TenantConfig {
  return TenantConfigSchema.parse({
    tenantId: TENANT,
    displayName: 'Acme',
    persona: { name: 'Ava', company: 'Acme', instructions: 'Be warm.' },
    languages: ['en'],
    ...overrides,
  });
}

export function head(overrides: Partial<Conversation> = {}): Conversation {
  return {
    tenantId: TENANT,
    conversationId: CONVERSATION,
    customerId: 'cust-1',
    channel: 'web',
    status: 'active',
    segment: 1,
    customerTokenSha256: 'a'.repeat(64),
    lastSequence: 0,
    lastAnswered: 0,
    turns: 0,
    handoffUnanswered: false,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

export function message(
  sequence: number,
  sender: Message['sender'],
  text: string,
  overrides: Partial<Message> = {},
): Message {
  return {
    tenantId: TENANT,
    conversationId: CONVERSATION,
    sequence,
    messageId: `m-${sequence}`,
    direction: sender === 'customer' ? 'inbound' : 'outbound',
    sender,
    channel: 'web',
    text,
    at: AT,
    ...overrides,
  };
}

export function turn(overrides: Partial<TurnRecord> = {}): TurnRecord {
  return {
    tenantId: TENANT,
    conversationId: CONVERSATION,
    segment: 1,
    index: 1,
    sequences: [1],
    intent: 'general',
    confidence: 0.5,
    route: 'answer',
    language: 'en',
    passages: [],
    toolCalls: [],
    toolRounds: 0,
    usage: { inputTokens: 0, outputTokens: 0, calls: 0 },
    latencyMs: {},
    startedAt: AT,
    ...overrides,
  };
}

/** Stores the conversation's head, messages and turns in the fake tables. */
export function seedConversation(
  tables: FakeTables,
  seed: {
    head?: Conversation;
    messages?: readonly Message[];
    turns?: readonly TurnRecord[];
    config?: TenantConfig;
    /** The guardrail stored beside the tenant's configuration. */
    guardrail?: GuardrailRef;
  },
): void {
  const messages = seed.messages ?? [];
  const last = Math.max(0, ...messages.map((m) => m.sequence));
  const h = seed.head ?? head({ lastSequence: last });
  tables.put(CONVERSATIONS, { pk: PK, sk: SK.head, ...h });
  for (const m of messages) {
    tables.put(CONVERSATIONS, { pk: PK, sk: SK.message(m.sequence), ...m });
    tables.put(CONVERSATIONS, {
      pk: PK,
      sk: SK.messageClaim(m.messageId),
      sequence: m.sequence,
    });
  }
  for (const t of seed.turns ?? []) {
    tables.put(CONVERSATIONS, {
      pk: PK,
      sk: SK.turn(t.segment, t.index),
      ...t,
    });
  }
  tables.put(TENANTS, {
    pk: tenantPk(TENANT),
    sk: TENANT_SK.config,
    config: seed.config ?? tenantConfig(),
    ...(seed.guardrail ? { guardrail: seed.guardrail } : {}),
  });
}

export const headItem = (tables: FakeTables) =>
  tables.get(CONVERSATIONS, PK, SK.head) as Conversation &
    Record<string, unknown>;

export const turnItem = (tables: FakeTables, index = 1, segment = 1) =>
  tables.get(CONVERSATIONS, PK, SK.turn(segment, index)) as TurnRecord;

export const messageItems = (tables: FakeTables) =>
  tables.list(CONVERSATIONS, PK, SK.messagePrefix) as Message[];

/** A Converse answer with text, as Bedrock returns it. */
export function textAnswer(
  text: string,
  extra: Partial<ConverseCommandOutput> = {},
): ConverseCommandOutput {
  return {
    output: { message: { role: 'assistant', content: [{ text }] } },
    stopReason: 'end_turn',
    usage: { inputTokens: 100, outputTokens: 20, totalTokens: 120 },
    metrics: { latencyMs: 10 },
    $metadata: {},
    ...extra,
  };
}

/** The Lambda context a handler receives; only its shape matters here. */
export const lambdaContext = (): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'step',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:step',
  memoryLimitInMB: '512',
  awsRequestId: 'request-1',
  logGroupName: '/aws/lambda/step',
  logStreamName: 'local',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});
