import { join } from 'node:path';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { InvariantError, TransientError } from '../../functions/shared/errors';
import { buildIndex } from '../../functions/shared/knowledge/build';
import { encodeIndex } from '../../functions/shared/knowledge/index-format';
import { ingestPaths } from '../../functions/shared/knowledge/ingest';
import {
  type IndexTable,
  KNOWLEDGE_SK,
  MAX_PART_BYTES,
  readIndexItems,
  readIndexMeta,
  writeIndexItems,
} from '../../functions/shared/knowledge/store';
import { startTestDynamo, type TestDynamo } from '../store/dynalite';
import { helpArticles } from './fixtures';

const TAU2_DOCUMENTS = join(
  '..',
  'shared',
  'data',
  'tau2-bench',
  'banking_knowledge',
  'documents',
);

let dynamo: TestDynamo;
let table: IndexTable;
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
    tenantId: `t${tenant}`,
  };
});

const small = () => {
  const index = buildIndex(helpArticles());
  return {
    index,
    encoded: encodeIndex(index),
    counts: { documents: 3, chunks: index.chunks.length },
  };
};

const indexItems = async () => {
  const { Items = [] } = await dynamo.client.send(
    new QueryCommand({
      TableName: 'Tenants',
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :kidx)',
      ExpressionAttributeValues: {
        ':pk': `T#${table.tenantId}`,
        ':kidx': 'KIDX#',
      },
    }),
  );
  return Items.map((item) => item.sk);
};

describe('writeIndexItems', () => {
  it('stores a META item and the parts it names, which read back as the index', async () => {
    // Prepare
    const { index, encoded, counts } = small();

    // Act
    const meta = await writeIndexItems(
      table,
      encoded,
      counts,
      new Date('2026-12-03T10:00:00Z'),
    );

    // Assess
    expect(meta).toEqual({
      format: 'frontline-knowledge-index',
      version: 1,
      hash: encoded.hash,
      parts: 1,
      bytes: encoded.json.length,
      storedBytes: encoded.gzip.length,
      documents: 3,
      chunks: 6,
      builtAt: '2026-12-03T10:00:00.000Z',
    });
    expect(await readIndexMeta(table)).toEqual(meta);
    expect(await readIndexItems(table, meta)).toEqual(index);
    expect(await indexItems()).toEqual([
      KNOWLEDGE_SK.part(1),
      KNOWLEDGE_SK.meta,
    ]);
  });

  it('cuts a large index into parts and removes parts a smaller one leaves over', async () => {
    // Prepare
    const large = await ingestPaths([TAU2_DOCUMENTS]);
    const { summary } = large;

    // Act
    const first = await writeIndexItems(table, large.encoded, summary);
    const partsOfLarge = await indexItems();
    const read = await readIndexItems(table, first);
    const second = await writeIndexItems(
      table,
      small().encoded,
      small().counts,
    );

    // Assess
    expect(first.parts).toBe(Math.ceil(summary.storedBytes / MAX_PART_BYTES));
    expect(first.parts).toBeGreaterThan(1);
    expect(partsOfLarge).toHaveLength(first.parts + 1);
    expect(read).toEqual(large.index);
    expect(second.parts).toBe(1);
    expect(await indexItems()).toEqual([
      KNOWLEDGE_SK.part(1),
      KNOWLEDGE_SK.meta,
    ]);
  }, 60_000);
});

describe('readIndexMeta', () => {
  it('is undefined for a tenant without an index', async () => {
    // Act
    const meta = await readIndexMeta(table);

    // Assess
    expect(meta).toBeUndefined();
  });

  it('throws an InvariantError for a META item of another shape', async () => {
    // Prepare
    await dynamo.client.send(
      new PutCommand({
        TableName: 'Tenants',
        Item: { pk: `T#${table.tenantId}`, sk: KNOWLEDGE_SK.meta, hash: 'x' },
      }),
    );

    // Act
    const read = readIndexMeta(table);

    // Assess
    await expect(read).rejects.toThrow(InvariantError);
  });
});

describe('readIndexItems', () => {
  it('throws a TransientError when a part belongs to another index', async () => {
    // Prepare
    const { encoded, counts } = small();
    const meta = await writeIndexItems(table, encoded, counts);
    await dynamo.client.send(
      new PutCommand({
        TableName: 'Tenants',
        Item: {
          pk: `T#${table.tenantId}`,
          sk: KNOWLEDGE_SK.part(1),
          hash: 'f'.repeat(64),
          data: encoded.gzip,
        },
      }),
    );

    // Act
    const read = readIndexItems(table, meta);

    // Assess
    await expect(read).rejects.toThrow(TransientError);
  });
});
