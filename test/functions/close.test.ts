import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  EventBridgeClient,
  PutEventsCommand,
} from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { close, IDLE_NOTICE } from '../../functions/close/close';
import { closedEventIdempotency } from '../../functions/close/closed-event';
import { handler } from '../../functions/close/handler';
import { TransientError } from '../../functions/shared/errors';
import {
  clearCustomerRefCache,
  macMessage,
} from '../../functions/shared/pii/customer-ref';
import { clearTenantCache } from '../../functions/shared/tenants';
import type { LocalMacKey } from '../../local/kms/mac-key';
import type { Conversation } from '../../schemas/conversation';
import {
  CONVERSATION_CLOSED,
  ConversationClosedEventSchema,
} from '../../schemas/conversation-closed';
import { fakeMacs } from '../support/kms';
import { FakeTables } from './workflow-steps/fake-tables';
import {
  AT,
  head,
  headItem,
  lambdaContext,
  message,
  messageItems,
  PK,
  ref,
  seedConversation,
} from './workflow-steps/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
const idempotencyTable = mockClient(DynamoDBClient);
const sfn = mockClient(SFNClient);
const eventBridge = mockClient(EventBridgeClient);
const kms = mockClient(KMSClient);
let tables: FakeTables;
let macKey: LocalMacKey;

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

/** The base64url MAC the local key gives a tenant and customer. */
const macOf = (tenantId: string, customerId: string) =>
  macKey
    .generate(macMessage(tenantId, customerId), 'HMAC_SHA_256')
    .toString('base64url');

const publishedEntry = () => {
  const [call] = eventBridge.commandCalls(PutEventsCommand);
  return call?.args[0].input.Entries?.[0];
};

/** The idempotency record another attempt left for this segment. */
const existingRecord = (status: string, inProgressUntilMs?: number) =>
  new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: { httpStatusCode: 400 },
    Item: marshall({
      id: 'conversation-closed#key',
      status,
      // Powertools compares the expiry with the clock, not with `NOW`.
      expiration: Math.floor(Date.now() / 1000) + 86_400,
      ...(inProgressUntilMs
        ? { in_progress_expiration: inProgressUntilMs }
        : {}),
    }),
  });

beforeEach(() => {
  closedEventIdempotency.registerLambdaContext(lambdaContext());
  ddb.reset();
  idempotencyTable.reset();
  sfn.reset();
  eventBridge.reset();
  kms.reset();
  clearTenantCache();
  clearCustomerRefCache();
  macKey = fakeMacs(kms);
  tables = new FakeTables(ddb);
  eventBridge
    .on(PutEventsCommand)
    .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
  idempotencyTable.on(PutItemCommand).resolves({});
  idempotencyTable.on(UpdateItemCommand).resolves({});
  idempotencyTable.on(DeleteItemCommand).resolves({});
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
      customerRef: `cref_${macOf('acme', 'cust-1')}`,
      channel: 'web',
      reason: 'idle',
      turns: 1,
      messages: 3,
      handedOff: false,
      handoffUnanswered: false,
      openedAt: AT,
      closedAt: NOW.toISOString(),
      transcript: { pk: PK, sk: 'TRANSCRIPT#000001', parts: 1 },
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
    expect(idempotencyTable.commandCalls(DeleteItemCommand)).toHaveLength(1);
  });

  it('records the published segment in the idempotency table', async () => {
    // Prepare
    seed();

    // Act
    await close({ ...ref(), reason: 'idle' }, NOW);

    // Assess
    const [put] = idempotencyTable.commandCalls(PutItemCommand);
    const [update] = idempotencyTable.commandCalls(UpdateItemCommand);
    const key = put?.args[0].input.Item?.id;
    const expiresBy = Math.round(Date.now() / 1000) + 86_400;
    expect(put?.args[0].input).toMatchObject({
      TableName: 'Idempotency',
      Item: {
        id: { S: expect.stringMatching(/^conversation-closed#/) },
        status: { S: 'INPROGRESS' },
      },
    });
    const expiration = Number(put?.args[0].input.Item?.expiration?.N);
    expect(expiration).toBeGreaterThan(expiresBy - 60);
    expect(expiration).toBeLessThanOrEqual(expiresBy);
    expect(update?.args[0].input).toMatchObject({
      Key: { id: key },
      ExpressionAttributeValues: { ':status': { S: 'COMPLETED' } },
    });
  });

  it('keys the record on tenant, conversation and segment only', async () => {
    // Prepare
    seed();
    await close({ ...ref(), reason: 'idle' }, NOW);
    seed({ turns: 4 });
    await close({ ...ref(), reason: 'idle' }, new Date(NOW.getTime() + 1000));
    seed({ segment: 2 });

    // Act
    await close({ ...ref(2), reason: 'idle' }, NOW);

    // Assess
    const keys = idempotencyTable
      .commandCalls(PutItemCommand)
      .map((call) => call.args[0].input.Item?.id?.S);
    expect(keys).toHaveLength(3);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('does not publish again when the segment was published before', async () => {
    // Prepare
    seed();
    idempotencyTable.on(PutItemCommand).rejects(existingRecord('COMPLETED'));

    // Act
    const output = await close({ ...ref(), reason: 'idle' }, NOW);

    // Assess
    expect(output).toEqual({ closed: true });
    expect(headItem(tables).status).toBe('closed');
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('throws TransientError while another attempt is publishing', async () => {
    // Prepare
    seed();
    idempotencyTable
      .on(PutItemCommand)
      .rejects(existingRecord('INPROGRESS', Date.now() + 60_000));

    // Act
    const act = close({ ...ref(), reason: 'idle' }, NOW);

    // Assess
    await expect(act).rejects.toBeInstanceOf(TransientError);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it.each([
    ['throttling', 'TransientError', 'ThrottlingException'],
    [
      'a missing table',
      'IdempotencyPersistenceLayerError',
      'ResourceNotFoundException',
    ],
  ])(
    'reports %s in the idempotency table as %s',
    async (_case, expected, name) => {
      // Prepare
      seed();
      idempotencyTable.on(PutItemCommand).rejects(
        Object.assign(new Error('no'), {
          name,
          $metadata: { httpStatusCode: 400 },
        }),
      );

      // Act
      const act = close({ ...ref(), reason: 'idle' }, NOW);

      // Assess
      await expect(act).rejects.toMatchObject({ name: expected });
      expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
    },
  );

  it("gives the record the invocation's remaining time when run as the step", async () => {
    // Prepare
    seed();
    const context = {
      ...lambdaContext(),
      getRemainingTimeInMillis: () => 5000,
    };
    const before = Date.now();

    // Act
    await handler({ ...ref(), reason: 'resolved_by_agent' }, context);

    // Assess
    const [put] = idempotencyTable.commandCalls(PutItemCommand);
    const until = Number(put?.args[0].input.Item?.in_progress_expiration?.N);
    expect(until).toBeGreaterThanOrEqual(before + 5000);
    expect(until).toBeLessThanOrEqual(Date.now() + 5000);
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
