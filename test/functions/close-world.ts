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
import { closedEventIdempotency } from '../../functions/close/closed-event';
import {
  clearCustomerRefCache,
  macMessage,
} from '../../functions/shared/pii/customer-ref';
import { clearTenantCache } from '../../functions/shared/tenants';
import type { LocalMacKey } from '../../local/kms/mac-key';
import type { Conversation } from '../../schemas/conversation';
import { fakeMacs } from '../support/kms';
import { FakeTables } from './workflow-steps/fake-tables';
import {
  head,
  lambdaContext,
  message,
  seedConversation,
} from './workflow-steps/fixtures';

/**
 * The close step over fake tables and mocked Step Functions, EventBridge,
 * KMS and idempotency table: one seeded conversation (`seed`), the closed
 * event published, and the idempotency records written. Each test file
 * calls `resetWorld` in its own `beforeEach`.
 */
const ddb = mockClient(DynamoDBDocumentClient);
export const idempotencyTable = mockClient(DynamoDBClient);
export const sfn = mockClient(SFNClient);
export const eventBridge = mockClient(EventBridgeClient);
export const kms = mockClient(KMSClient);
/** The fake tables of the current test, fresh for each. */
export let tables: FakeTables;
let macKey: LocalMacKey;

export const NOW = new Date('2026-12-03T11:00:00.000Z');

export const seed = (overrides: Partial<Conversation> = {}, pending = false) =>
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
export const macOf = (tenantId: string, customerId: string) =>
  macKey
    .generate(macMessage(tenantId, customerId), 'HMAC_SHA_256')
    .toString('base64url');

export const publishedEntry = () => {
  const [call] = eventBridge.commandCalls(PutEventsCommand);
  return call?.args[0].input.Entries?.[0];
};

/** The idempotency record another attempt left for this segment. */
export const existingRecord = (status: string, inProgressUntilMs?: number) =>
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

/** For `beforeEach`: fresh mocks, tables, caches and MAC key. */
export function resetWorld(): void {
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
}
