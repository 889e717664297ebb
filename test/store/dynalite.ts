import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTables, startDynamo } from '../../local/dynamo';

export interface TestDynamo {
  readonly endpoint: string;
  readonly client: DynamoDBDocumentClient;
  close(): Promise<void>;
}

/**
 * Starts an in-memory dynalite on a free loopback port, with every table of
 * `schemas/tables.ts` created under its logical name.
 */
export async function startTestDynamo(): Promise<TestDynamo> {
  const dynamo = await startDynamo();
  const raw = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await ensureTables(raw);

  return {
    endpoint: dynamo.endpoint,
    client: DynamoDBDocumentClient.from(raw, {
      marshallOptions: { removeUndefinedValues: true },
    }),
    close: async () => {
      raw.destroy();
      await dynamo.close();
    },
  };
}
