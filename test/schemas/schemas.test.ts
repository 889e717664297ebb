import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { PostMessageBodySchema } from '../../schemas/chat-api';
import { ConversationClosedEventSchema } from '../../schemas/conversation-closed';
import { ConversationIdSchema, TenantIdSchema } from '../../schemas/ids';
import { TenantConfigSchema } from '../../schemas/tenant-config';
import {
  AwaitCustomerInputSchema,
  HandoffInputSchema,
} from '../../schemas/workflow';

const EVENTS = join(__dirname, '../../../shared/data/events');
const fixture = (path: string) =>
  JSON.parse(readFileSync(join(EVENTS, path), 'utf8'));

const closedDetail = () => ({
  tenantId: 'demo',
  conversationId: 'c-123',
  segment: 1,
  customerRef: 'cref_3q2-7wXyZ0aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456',
  channel: 'web',
  reason: 'idle',
  turns: 3,
  messages: 7,
  handedOff: false,
  handoffUnanswered: false,
  openedAt: '2026-12-03T10:00:00.000Z',
  closedAt: '2026-12-03T10:20:00.000Z',
});

describe('PostMessageBodySchema', () => {
  it.each([
    [
      'a plain message',
      { messageId: 'm1', customerId: 'c1', text: 'Hello' },
      true,
    ],
    [
      'text with newlines and tabs',
      { messageId: 'm1', customerId: 'c1', text: 'a\n\tb' },
      true,
    ],
    ['a missing text', { messageId: 'm1', customerId: 'c1' }, false],
    [
      'an empty text',
      { messageId: 'm1', customerId: 'c1', text: '   ' },
      false,
    ],
    [
      'a control character',
      { messageId: 'm1', customerId: 'c1', text: 'a\u0007b' },
      false,
    ],
    [
      'text over 4000 characters',
      { messageId: 'm1', customerId: 'c1', text: 'x'.repeat(4001) },
      false,
    ],
    [
      'an unknown field',
      { messageId: 'm1', customerId: 'c1', text: 'hi', extra: 1 },
      false,
    ],
    [
      'a message id with spaces',
      { messageId: 'm 1', customerId: 'c1', text: 'hi' },
      false,
    ],
  ])('accepts or refuses %s', (_name, body, valid) => {
    // Act
    const result = PostMessageBodySchema.safeParse(body);

    // Assess
    expect(result.success).toBe(valid);
  });
});

describe('ids', () => {
  it.each([
    ['demo', true],
    ['acme-2', true],
    ['Acme', false],
    ['a_b', false],
    ['-a', false],
  ])('tenant id %s is valid: %s', (id, valid) => {
    expect(TenantIdSchema.safeParse(id).success).toBe(valid);
  });

  it.each([
    ['c-123_x', true],
    ['a'.repeat(48), true],
    ['a'.repeat(49), false],
    ['has space', false],
    ['../etc', false],
  ])('conversation id %s is valid: %s', (id, valid) => {
    expect(ConversationIdSchema.safeParse(id).success).toBe(valid);
  });
});

describe('ConversationClosedEventSchema', () => {
  it('parses as the detail of a real EventBridge envelope', () => {
    // Prepare
    const envelope = {
      ...fixture('powertools-typescript/eventbridge_base.json'),
      source: 'frontline.conversations',
      'detail-type': 'Conversation Closed',
      detail: closedDetail(),
    };

    // Act
    const event = EventBridgeSchema.parse(envelope);
    const detail = ConversationClosedEventSchema.parse(event.detail);

    // Assess
    expect(detail.reason).toBe('idle');
  });

  it.each([
    ['a phone number', '+447700900123'],
    ['an email', 'maya@example.com'],
    ['a short reference', 'cref_abc'],
  ])('refuses %s as the customer reference', (_case, customerRef) => {
    // Act
    const result = ConversationClosedEventSchema.safeParse({
      ...closedDetail(),
      customerRef,
    });

    // Assess
    expect(result.success).toBe(false);
  });

  it('refuses an unknown close reason', () => {
    const result = ConversationClosedEventSchema.safeParse({
      ...closedDetail(),
      reason: 'bored',
    });

    expect(result.success).toBe(false);
  });
});

describe('task payloads', () => {
  it('carries a real Step Functions task token in a wait payload', () => {
    // Prepare
    const context = fixture(
      'awsdocs-stepfunctions-guide-2023/context-object-with-task-token.json',
    );

    // Act
    const input = AwaitCustomerInputSchema.parse({
      tenantId: 'demo',
      conversationId: 'c-1',
      segment: 1,
      taskToken: context.Task.Token,
    });

    // Assess
    expect(input.taskToken).toBe(context.Task.Token);
  });

  it('requires a task token to open a handoff but not to expire one', () => {
    const base = {
      tenantId: 'demo',
      conversationId: 'c-1',
      segment: 1,
      index: 2,
      reason: 'customer_request',
    };

    expect(
      HandoffInputSchema.safeParse({ ...base, action: 'open' }).success,
    ).toBe(false);
    expect(
      HandoffInputSchema.safeParse({ ...base, action: 'expire' }).success,
    ).toBe(true);
  });
});

describe('TenantConfigSchema', () => {
  const minimal = {
    tenantId: 'acme',
    displayName: 'Acme',
    persona: { name: 'Ada', company: 'Acme' },
    languages: ['en'],
  };

  it('fills defaults for an otherwise minimal configuration', () => {
    const config = TenantConfigSchema.parse(minimal);

    expect(config.timeouts).toEqual({
      idleTimeoutSeconds: 900,
      handoffTimeoutSeconds: 3600,
      handoffHeartbeatSeconds: 900,
      approvalTimeoutSeconds: 3600,
    });
    expect(config.tools.enabled).toEqual([]);
    expect(config.intents).toEqual({
      routes: {},
      minConfidence: 0.5,
      threshold: 0.6,
    });
  });

  it('refuses an intent route that is not a route', () => {
    const result = TenantConfigSchema.safeParse({
      ...minimal,
      intents: { routes: { greeting: 'ignore' } },
    });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([
      'intents',
      'routes',
      'greeting',
    ]);
  });

  it('refuses a classifier threshold below the route confidence', () => {
    const result = TenantConfigSchema.safeParse({
      ...minimal,
      intents: { minConfidence: 0.7, threshold: 0.6 },
    });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ['intents', 'threshold'],
      message: 'threshold must be at least minConfidence',
    });
  });

  it('refuses a heartbeat that is not below the handoff timeout', () => {
    const result = TenantConfigSchema.safeParse({
      ...minimal,
      timeouts: { handoffTimeoutSeconds: 60, handoffHeartbeatSeconds: 60 },
    });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([
      'timeouts',
      'handoffHeartbeatSeconds',
    ]);
  });
});
