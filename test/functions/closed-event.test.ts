import { DeleteItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  EventBridgeClient,
  PutEventsCommand,
} from '@aws-sdk/client-eventbridge';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  closedEvent,
  closedEventIdempotency,
  publishClosed,
} from '../../functions/close/closed-event';
import { dynamoClient } from '../../functions/shared/clients/dynamo';
import { TransientError } from '../../functions/shared/errors';
import { TABLES } from '../../schemas/tables';
import { startTestDynamo, type TestDynamo } from '../store/dynalite';
import { head, lambdaContext } from './workflow-steps/fixtures';

/**
 * The closed event against a real idempotency table: dynalite behind the
 * function's own DynamoDB client, EventBridge mocked.
 */
const eventBridge = mockClient(EventBridgeClient);
let dynamo: TestDynamo;

const detail = (conversationId: string, segment = 1) =>
  closedEvent({
    head: head({ conversationId, segment, turns: 2, lastSequence: 4 }),
    customerRef: `cref_${'A'.repeat(43)}`,
    segment,
    reason: 'idle',
    closedAt: '2026-12-03T11:00:00.000Z',
    messages: 5,
  });

const scan = async () => {
  const { Items = [] } = await dynamo.client.send(
    new ScanCommand({ TableName: TABLES.idempotency.name }),
  );
  return Items;
};
const records = async () => (await scan()).map((item) => unmarshall(item));

beforeAll(async () => {
  dynamo = await startTestDynamo();
  // The module's client resolves its endpoint at its first request.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
});

afterAll(async () => {
  dynamoClient.destroy();
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  await dynamo.close();
});

beforeEach(async () => {
  for (const { id } of await scan()) {
    await dynamo.client.send(
      new DeleteItemCommand({
        TableName: TABLES.idempotency.name,
        Key: { id: id ?? { S: '' } },
      }),
    );
  }
  closedEventIdempotency.registerLambdaContext(lambdaContext());
  eventBridge.reset();
  eventBridge
    .on(PutEventsCommand)
    .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
});

describe('publishClosed', () => {
  it('publishes a segment once, however often it is asked', async () => {
    // Prepare
    const id = 'conv-1';
    await publishClosed(detail(id));

    // Act
    await publishClosed(detail(id));
    await publishClosed({ ...detail(id), turns: 3, messages: 7 });

    // Assess
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
    expect(await records()).toEqual([
      expect.objectContaining({ status: 'COMPLETED' }),
    ]);
  });

  it('publishes every segment of a conversation', async () => {
    // Prepare
    const id = 'conv-1';
    await publishClosed(detail(id, 1));

    // Act
    await publishClosed(detail(id, 2));

    // Assess
    const segments = eventBridge
      .commandCalls(PutEventsCommand)
      .map((call) => JSON.parse(call.args[0].input.Entries?.[0]?.Detail ?? ''))
      .map((published) => published.segment);
    expect(segments).toEqual([1, 2]);
  });

  it('publishes on the retry of a failed publish', async () => {
    // Prepare
    const id = 'conv-1';
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'E' }] })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-2' }] });
    const failed = publishClosed(detail(id));
    await expect(failed).rejects.toBeInstanceOf(TransientError);

    // Act
    await publishClosed(detail(id));
    await publishClosed(detail(id));

    // Assess
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(2);
  });

  it('keeps one record per segment that expires after a day', async () => {
    // Prepare
    const id = 'conv-1';
    const from = Math.round(Date.now() / 1000) + 86_400;

    // Act
    await publishClosed(detail(id));
    await publishClosed(detail(id));

    // Assess
    const [record, ...more] = await records();
    expect(more).toEqual([]);
    expect(record).toMatchObject({
      id: expect.stringMatching(/^conversation-closed#/),
      status: 'COMPLETED',
      in_progress_expiration: expect.any(Number),
    });
    expect(record?.expiration).toBeGreaterThanOrEqual(from);
    expect(record?.expiration).toBeLessThan(from + 60);
  });
});
