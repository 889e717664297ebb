import { join } from 'node:path';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { InvariantError, TransientError } from '../../functions/shared/errors';
import { buildIndex } from '../../functions/shared/knowledge/build';
import { KnowledgeIndexVersionError } from '../../functions/shared/knowledge/errors';
import {
  encodeIndex,
  isReadableIndex,
  type KnowledgeIndexFile,
} from '../../functions/shared/knowledge/index-format';
import { ingestPaths } from '../../functions/shared/knowledge/ingest';
import {
  type IndexTable,
  KNOWLEDGE_SK,
  MAX_PART_BYTES,
  readIndexItems,
  readIndexMeta,
  storeIngestedIndex,
  writeIndexItems,
} from '../../functions/shared/knowledge/store';
import { TOKENIZER_ID } from '../../functions/shared/knowledge/tokenize';
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
      tokenizer: TOKENIZER_ID,
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

  it('reads a META item of another version, for the reader to pass over', async () => {
    // Prepare
    const { encoded, counts } = small();
    const written = await writeIndexItems(table, encoded, counts);
    await dynamo.client.send(
      new PutCommand({
        TableName: 'Tenants',
        Item: {
          pk: `T#${table.tenantId}`,
          sk: KNOWLEDGE_SK.meta,
          ...written,
          version: 7,
        },
      }),
    );

    // Act
    const meta = await readIndexMeta(table);

    // Assess
    expect(meta).toEqual({ ...written, version: 7 });
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

describe('storeIngestedIndex', () => {
  /** Rewrites the stored META item with `changes`. */
  async function changeMeta(changes: Record<string, unknown>) {
    const meta = await readIndexMeta(table);
    await dynamo.client.send(
      new PutCommand({
        TableName: 'Tenants',
        Item: {
          pk: `T#${table.tenantId}`,
          sk: KNOWLEDGE_SK.meta,
          ...meta,
          ...changes,
        },
      }),
    );
  }

  it('writes nothing when the stored index is the same', async () => {
    // Prepare
    const first = await storeIngestedIndex(table, small());

    // Act
    const again = await storeIngestedIndex(table, small());

    // Assess
    expect(first.written).toBe(true);
    expect(again).toEqual({ written: false, meta: first.meta });
  });

  it.each([
    ['another version', { version: 2 }],
    ['another tokenizer', { tokenizer: 'en-old' }],
  ])(
    'stores the index again over one of %s with the same hash',
    async (_, changes) => {
      // Prepare
      await storeIngestedIndex(table, small());
      await changeMeta(changes);

      // Act
      const stored = await storeIngestedIndex(table, small());

      // Assess
      expect(stored.written).toBe(true);
      expect(await readIndexMeta(table)).toMatchObject({
        version: 1,
        tokenizer: TOKENIZER_ID,
      });
    },
  );
});

describe('isReadableIndex', () => {
  it.each([
    ['this version and tokenizer', { version: 1, tokenizer: TOKENIZER_ID }],
    ['no recorded tokenizer', { version: 1 }],
  ])('is true for a META item with %s', (_, meta) => {
    // Act
    const readable = isReadableIndex(meta);

    // Assess
    expect(readable).toBe(true);
  });

  it.each([
    ['another version', { version: 2, tokenizer: TOKENIZER_ID }],
    ['another tokenizer', { version: 1, tokenizer: 'en-old' }],
  ])('is false for a META item with %s', (_, meta) => {
    // Act
    const readable = isReadableIndex(meta);

    // Assess
    expect(readable).toBe(false);
  });
});

describe('readIndexItems', () => {
  it('throws a KnowledgeIndexVersionError for an index of another tokenizer', async () => {
    // Prepare
    const index = small().index;
    const old: KnowledgeIndexFile = { ...index, tokenizer: 'en-old' };
    const meta = await writeIndexItems(table, encodeIndex(old), small().counts);

    // Act
    const read = readIndexItems(table, meta);

    // Assess
    await expect(read).rejects.toBeInstanceOf(KnowledgeIndexVersionError);
    await expect(read).rejects.toMatchObject({ tokenizer: 'en-old' });
  });

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
