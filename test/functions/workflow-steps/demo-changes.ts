import { readFileSync } from 'node:fs';
import type { Approval } from '../../../schemas/approval';
import type { Conversation } from '../../../schemas/conversation';
import {
  type TenantConfig,
  TenantConfigSchema,
} from '../../../schemas/tenant-config';
import type { ToolCall, TurnRecord } from '../../../schemas/turn';

/**
 * Builders for the tests of changes to the demo store: the demo tenant
 * (write tools enabled, approval above $100) and calls on its data. Maya's
 * order #W4817203 is delivered: a Backpacking Stove ($58.29) and a
 * Sleeping Pad ($106.97), paid by credit_card_2278437; #W5520914 is
 * pending ($18.89).
 */
export const DEMO = 'demo';
export const NOW = new Date('2026-12-03T10:00:00.000Z');
export const AT = NOW.toISOString();
export const APPROVAL_ABOVE_CENTS = 10_000;

export const RETURN_STOVE = {
  order_id: '#W4817203',
  item_ids: ['6587062274'],
  payment_method_id: 'credit_card_2278437',
};
export const RETURN_PAD = { ...RETURN_STOVE, item_ids: ['5917732742'] };
export const CANCEL_SOCKS = {
  order_id: '#W5520914',
  reason: 'no longer needed',
};
export const MOVE_MAYA = {
  user_id: 'maya_lindqvist_2417',
  address1: '12 Fir Lane',
  address2: '',
  city: 'Bend',
  state: 'OR',
  country: 'USA',
  zip: '97701',
};

/** The demo tenant as `tenants/demo/tenant.json` configures it. */
export function demoConfig(
  tools: Partial<TenantConfig['tools']> = {},
): TenantConfig {
  const file = JSON.parse(readFileSync('tenants/demo/tenant.json', 'utf8'));
  return TenantConfigSchema.parse({
    ...file,
    tools: {
      ...file.tools,
      approvalAboveCents: APPROVAL_ABOVE_CENTS,
      ...tools,
    },
  });
}

export function demoHead(
  conversationId: string,
  overrides: Partial<Conversation> = {},
): Conversation {
  return {
    tenantId: DEMO,
    conversationId,
    customerId: 'maya',
    channel: 'web',
    status: 'active',
    segment: 1,
    customerTokenSha256: 'a'.repeat(64),
    lastSequence: 3,
    lastAnswered: 2,
    turns: 1,
    handoffUnanswered: false,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

export function demoTurn(
  conversationId: string,
  toolCalls: ToolCall[],
  overrides: Partial<TurnRecord> = {},
): TurnRecord {
  return {
    tenantId: DEMO,
    conversationId,
    segment: 1,
    index: 2,
    sequences: [3],
    intent: 'order_change',
    confidence: 0.9,
    route: 'tool',
    language: 'en',
    passages: [],
    toolCalls,
    toolRounds: Math.max(0, ...toolCalls.map((c) => c.round)),
    usage: { inputTokens: 0, outputTokens: 0, calls: 0 },
    latencyMs: {},
    startedAt: AT,
    ...overrides,
  };
}

/** A tool call as the model requested it. */
export function toolCall(
  id: string,
  name: string,
  input: Record<string, unknown>,
  overrides: Partial<ToolCall> = {},
): ToolCall {
  return { id, name, input, status: 'requested', round: 1, ...overrides };
}

/** A pending approval of returning the Sleeping Pad. */
export function padApproval(
  conversationId: string,
  overrides: Partial<Approval> = {},
): Approval {
  return {
    tenantId: DEMO,
    approvalId: `${conversationId}-1-2-1`,
    conversationId,
    segment: 1,
    index: 2,
    callId: 'pad',
    tool: 'return_delivered_order_items',
    input: RETURN_PAD,
    change:
      'return Sleeping Pad (air, regular) [item 5917732742] of order ' +
      '#W4817203, refunding the Visa card ending 4417; refund of $106.97',
    refundCents: 10_697,
    reason: 'refund_threshold',
    status: 'pending',
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}
