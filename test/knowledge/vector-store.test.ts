import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  readVectorItems,
  readVectorMeta,
  VECTORS_SK,
  writeVectorItems,
} from '../../functions/shared/knowledge/vector-store';
import {
  encodeVectors,
  quantise,
} from '../../functions/shared/knowledge/vectors';
import type { TenantTable } from '../../functions/shared/tenant-parts';
import { startTestDynamo, type TestDynamo } from '../store/dynalite';

const INDEX_HASH = 'a'.repeat(64);
const MODEL_ID = 'amazon.titan-embed-text-v2:0';

let dynamo: TestDynamo;
let table: TenantTable;
let tenant = 0;

beforeAll(async () => {
  dynamo = await startTestDynamo();
});

afterAll(async () => {
  await dynamo.close();
});

beforeEach(() => {
  tenant += 1;
  table = {
    client: dynamo.client,
    tableName: 'Tenants',
    tenantId: `v${tenant}`,
  };
});

/** `count` vectors of `dimensions` components, each different. */
const vectors = (count: number, dimensions: number) =>
  quantise(
    Array.from({ length: count }, (_, i) =>
      Float32Array.from({ length: dimensions }, (_, d) => Math.sin(i * 31 + d)),
    ),
    dimensions,
  );

const vectorKeys = async () => {
  const { Items = [] } = await dynamo.client.send(
    new QueryCommand({
      TableName: 'Tenants',
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :kvec)',
      ExpressionAttributeValues: {
        ':pk': `T#${table.tenantId}`,
        ':kvec': 'KVEC#',
      },
    }),
  );
  return Items.map((item) => item.sk);
};

describe('writeVectorItems', () => {
  it('stores vectors bound to their index, which read back unchanged', async () => {
    // Prepare
    const stored = vectors(3, 256);

    // Act
    const meta = await writeVectorItems(
      table,
      stored,
      { indexHash: INDEX_HASH, modelId: MODEL_ID },
      new Date('2026-12-03T10:00:00Z'),
    );

    // Assess
    expect(meta).toEqual({
      format: 'frontline-knowledge-vectors',
      version: 1,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      indexHash: INDEX_HASH,
      modelId: MODEL_ID,
      dimensions: 256,
      count: 3,
      parts: 1,
      bytes: 3 * (4 + 256),
      builtAt: '2026-12-03T10:00:00.000Z',
    });
    expect(await readVectorMeta(table)).toEqual(meta);
    expect(await readVectorItems(table, meta)).toEqual(stored);
  });

  it('cuts a large set into parts and removes parts a smaller one leaves over', async () => {
    // Prepare
    const large = vectors(800, 1024);
    const binding = { indexHash: INDEX_HASH, modelId: MODEL_ID };

    // Act
    const first = await writeVectorItems(table, large, binding);
    const read = await readVectorItems(table, first);
    await writeVectorItems(table, vectors(2, 256), binding);

    // Assess
    expect(first.parts).toBe(3);
    expect(read && encodeVectors(read).hash).toBe(first.hash);
    expect(await vectorKeys()).toEqual([VECTORS_SK.part(1), VECTORS_SK.meta]);
  }, 30_000);
});

describe('readVectorItems', () => {
  it('is undefined while a part belongs to another set', async () => {
    // Prepare
    const meta = await writeVectorItems(table, vectors(2, 256), {
      indexHash: INDEX_HASH,
      modelId: MODEL_ID,
    });
    await dynamo.client.send(
      new PutCommand({
        TableName: 'Tenants',
        Item: {
          pk: `T#${table.tenantId}`,
          sk: VECTORS_SK.part(1),
          hash: 'f'.repeat(64),
          data: new Uint8Array(8),
        },
      }),
    );

    // Act
    const read = await readVectorItems(table, meta);

    // Assess
    expect(read).toBeUndefined();
  });
});
