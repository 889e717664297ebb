import {
  EventBridgeClient,
  PutEventsCommand,
} from '@aws-sdk/client-eventbridge';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { close, IDLE_NOTICE } from '../../functions/close/close';
import { TransientError } from '../../functions/shared/errors';
import { clearTenantCache } from '../../functions/shared/tenants';
import type { Conversation } from '../../schemas/conversation';
import {
  CONVERSATION_CLOSED,
  ConversationClosedEventSchema,
} from '../../schemas/conversation-closed';
import { FakeTables } from './workflow-steps/fake-tables';
import {
  AT,
  head,
  headItem,
  message,
  messageItems,
  ref,
  seedConversation,
} from './workflow-steps/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const eventBridge = mockClient(EventBridgeClient);
let tables: FakeTables;

const NOW = new Date('2026-12-03T11:00:00.000Z');

const seed = (overrides: Partial<Conversation> = {}, pending = false) =>
  seedConversation(tables, {
    head: head({
      lastSequence: pending ? 3 : 2,
      lastAnswered: 1,
      turns: 1,
      ...overrides,
    }),
    messages: [
      message(1, 'customer', 'Where is my order?'),
      message(2, 'assistant', 'It ships today.'),
      ...(pending ? [message(3, 'customer', 'One more thing')] : []),
    ],
  });

const publishedEntry = () => {
  const [call] = eventBridge.commandCalls(PutEventsCommand);
  return call?.args[0].input.Entries?.[0];
};

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  eventBridge.reset();
  clearTenantCache();
  tables = new FakeTables(ddb);
  eventBridge
    .on(PutEventsCommand)
    .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
  sfn
    .on(StartExecutionCommand)
    .resolves({ executionArn: 'arn', startDate: NOW });
});

describe('close', () => {
  it('closes an idle conversation, tells the customer and publishes the event', async () => {
    // Prepare
    seed();

    // Act
    const output = await close({ ...ref(), reason: 'idle' }, NOW);

    // Assess
    expect(output).toEqual({ closed: true });
    expect(headItem(tables)).toMatchObject({
      status: 'closed',
      closedAt: NOW.toISOString(),
    });
    expect(messageItems(tables).at(-1)).toMatchObject({
      sequence: 3,
      messageId: 'close-1',
      sender: 'system',
      text: IDLE_NOTICE,
    });
    const entry = publishedEntry();
    expect(entry).toMatchObject({
      EventBusName: process.env.EVENT_BUS_NAME,
      Source: CONVERSATION_CLOSED.source,
      DetailType: CONVERSATION_CLOSED.detailType,
    });
    const detail = JSON.parse(entry?.Detail ?? '{}');
    expect(ConversationClosedEventSchema.parse(detail)).toEqual({
      tenantId: 'acme',
      conversationId: 'conv-1',
      segment: 1,
      customerId: 'cust-1',
      channel: 'web',
      reason: 'idle',
      turns: 1,
      messages: 3,
      handedOff: false,
      handoffUnanswered: false,
      openedAt: AT,
      closedAt: NOW.toISOString(),
    });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('reports a handoff and adds no notice when an agent resolved it', async () => {
    // Prepare
    seed({ status: 'handoff', handedOff: true, handoffUnanswered: true });

    // Act
    await close({ ...ref(), reason: 'resolved_by_agent' }, NOW);

    // Assess
    expect(messageItems(tables)).toHaveLength(2);
    const detail = JSON.parse(publishedEntry()?.Detail ?? '{}');
    expect(detail).toMatchObject({
      reason: 'resolved_by_agent',
      messages: 2,
      handedOff: true,
      handoffUnanswered: true,
    });
  });

  it('reopens at once when the customer wrote while it was closing', async () => {
    // Prepare
    seed({}, true);

    // Act
    const output = await close({ ...ref(), reason: 'idle' }, NOW);

    // Assess
    expect(output).toEqual({ closed: true });
    const [start] = sfn.commandCalls(StartExecutionCommand);
    expect(start?.args[0].input).toMatchObject({ name: 'acme_conv-1_2' });
    expect(JSON.parse(start?.args[0].input.input ?? '{}')).toMatchObject({
      segment: 2,
      start: 'message',
    });
    expect(headItem(tables)).toMatchObject({ status: 'active', segment: 2 });
  });

  it.each([
    [
      'a failed entry',
      () =>
        eventBridge.on(PutEventsCommand).resolves({
          FailedEntryCount: 1,
          Entries: [{ ErrorCode: 'InternalFailure' }],
        }),
    ],
    [
      'throttling',
      () =>
        eventBridge.on(PutEventsCommand).rejects(
          Object.assign(new Error('slow'), {
            name: 'ThrottlingException',
            $metadata: { httpStatusCode: 400 },
          }),
        ),
    ],
  ])('throws TransientError on %s from EventBridge', async (_case, arrange) => {
    // Prepare
    seed();
    arrange();

    // Act
    const act = close({ ...ref(), reason: 'idle' }, NOW);

    // Assess
    await expect(act).rejects.toBeInstanceOf(TransientError);
  });

  it('keeps the first close time and notice when retried', async () => {
    // Prepare
    seed();
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{}] })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-2' }] });
    await expect(close({ ...ref(), reason: 'idle' }, NOW)).rejects.toThrow();

    // Act
    const later = new Date(NOW.getTime() + 5000);
    const output = await close({ ...ref(), reason: 'idle' }, later);

    // Assess
    expect(output).toEqual({ closed: true });
    expect(
      messageItems(tables).filter((m) => m.messageId === 'close-1'),
    ).toHaveLength(1);
    const detail = JSON.parse(
      eventBridge.commandCalls(PutEventsCommand)[1]?.args[0].input.Entries?.[0]
        ?.Detail ?? '{}',
    );
    expect(detail.closedAt).toBe(NOW.toISOString());
  });

  it('does not close a conversation that moved to a newer segment', async () => {
    // Prepare
    seed({ segment: 2 });

    // Act
    const output = await close({ ...ref(1), reason: 'idle' }, NOW);

    // Assess
    expect(output).toEqual({ closed: false });
    expect(headItem(tables).status).toBe('active');
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});
