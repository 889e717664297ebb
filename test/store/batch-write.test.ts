import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { TransientError } from '../../functions/shared/errors';
import { batchWriteAll } from '../../functions/shared/store/batch-write';

const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const items = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ pk: `p${i}`, sk: 's' }));
const sentItems = (call: number) =>
  (
    ddb.commandCalls(BatchWriteCommand)[call].args[0].input.RequestItems?.T ??
    []
  ).map((r) => r.PutRequest?.Item?.pk);

beforeEach(() => {
  ddb.reset();
});

describe('batchWriteAll', () => {
  it.each([
    [0, []],
    [25, [25]],
    [26, [25, 1]],
    [60, [25, 25, 10]],
  ])('writes %i items in chunks of %j', async (count, chunks) => {
    // Prepare
    ddb.on(BatchWriteCommand).resolves({});

    // Act
    const written = await batchWriteAll(client, 'T', items(count));

    // Assess
    expect(written).toBe(count);
    expect(
      ddb.commandCalls(BatchWriteCommand).map((_, i) => sentItems(i).length),
    ).toEqual(chunks);
  });

  it('sends unprocessed items again', async () => {
    // Prepare
    const [first, second] = items(2);
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({
        UnprocessedItems: { T: [{ PutRequest: { Item: second } }] },
      })
      .resolves({});

    // Act
    await batchWriteAll(client, 'T', [first, second], { baseDelayMs: 1 });

    // Assess
    expect(sentItems(0)).toEqual(['p0', 'p1']);
    expect(sentItems(1)).toEqual(['p1']);
  });

  it('throws a TransientError when items stay unprocessed', async () => {
    // Prepare
    const [item] = items(1);
    ddb
      .on(BatchWriteCommand)
      .resolves({ UnprocessedItems: { T: [{ PutRequest: { Item: item } }] } });

    // Act
    const write = batchWriteAll(client, 'T', [item], {
      maxAttempts: 3,
      baseDelayMs: 1,
    });

    // Assess
    await expect(write).rejects.toThrow(TransientError);
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(3);
  });
});
