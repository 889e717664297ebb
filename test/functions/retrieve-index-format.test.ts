import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  clearKnowledgeCache,
  loadKnowledge,
} from '../../functions/retrieve/knowledge';
import { selectPassages } from '../../functions/retrieve/retrieve';
import { dynamo } from '../../functions/shared/clients/dynamo';
import { TENANT_SK, tenantPk } from '../../functions/shared/keys';
import { buildIndex } from '../../functions/shared/knowledge/build';
import {
  encodeIndex,
  INDEX_VERSION,
  type KnowledgeIndexFile,
} from '../../functions/shared/knowledge/index-format';
import {
  KNOWLEDGE_SK,
  writeIndexItems,
} from '../../functions/shared/knowledge/store';
import { TOKENIZER_ID } from '../../functions/shared/knowledge/tokenize';
import { logger } from '../../functions/shared/observability';
import { helpArticles } from '../knowledge/fixtures';
import { FakeTables } from './workflow-steps/fake-tables';
import { TENANT, TENANTS } from './workflow-steps/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
let tables: FakeTables;

/** The demo articles' index, as a newer release would have stored it. */
const newerIndex = (): KnowledgeIndexFile => ({
  ...buildIndex(helpArticles()),
  tokenizer: 'en-porter2-v1',
});

async function storeIndex(file: KnowledgeIndexFile) {
  await writeIndexItems(
    { client: dynamo, tableName: TENANTS, tenantId: TENANT },
    encodeIndex(file),
    { documents: file.documents.length, chunks: file.chunks.length },
  );
}

function changeMeta(changes: Record<string, unknown>) {
  const pk = tenantPk(TENANT);
  const meta = tables.get(TENANTS, pk, KNOWLEDGE_SK.meta);
  tables.put(TENANTS, { ...meta, pk, sk: KNOWLEDGE_SK.meta, ...changes });
}

function storeDocuments() {
  for (const doc of helpArticles()) {
    tables.put(TENANTS, {
      pk: tenantPk(TENANT),
      sk: TENANT_SK.document(doc.documentId),
      ...doc,
    });
  }
}

const partReads = () =>
  ddb
    .commandCalls(GetCommand)
    .filter((c) => c.args[0].input.Key?.sk === KNOWLEDGE_SK.part(1)).length;

const bestPassage = async () => {
  const knowledge = await loadKnowledge(TENANT, 0);
  const [best] = selectPassages(knowledge, 'return window for an item', {
    maxPassages: 1,
    minScore: 0,
  });
  return { hash: knowledge.hash, id: best?.id };
};

beforeEach(() => {
  ddb.reset();
  clearKnowledgeCache();
  tables = new FakeTables(ddb);
  ddb.on(BatchWriteCommand).callsFake((input: BatchWriteCommand['input']) => {
    for (const [table, requests] of Object.entries(input.RequestItems ?? {})) {
      for (const r of requests)
        if (r.PutRequest?.Item) tables.put(table, r.PutRequest.Item);
    }
    return {};
  });
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('loadKnowledge with an index of another version', () => {
  it('ranks the tenant documents, with a warning, when META names another version', async () => {
    // Prepare
    await storeIndex(buildIndex(helpArticles()));
    changeMeta({ version: INDEX_VERSION + 1 });
    storeDocuments();
    const warn = jest.spyOn(logger, 'warn');

    // Act
    const best = await bestPassage();

    // Assess
    expect(best).toEqual({ hash: undefined, id: 'returns#2' });
    expect(partReads()).toBe(0);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^Ignored a knowledge index of another version/),
      {
        index_version: INDEX_VERSION + 1,
        index_tokenizer: TOKENIZER_ID,
        expected_version: INDEX_VERSION,
        expected_tokenizer: TOKENIZER_ID,
      },
    );
  });

  it('ranks the tenant documents when the stored index has another tokenizer', async () => {
    // Prepare
    await storeIndex(newerIndex());
    changeMeta({ tokenizer: undefined });
    storeDocuments();
    const warn = jest.spyOn(logger, 'warn');

    // Act
    const best = await bestPassage();

    // Assess
    expect(best).toEqual({ hash: undefined, id: 'returns#2' });
    expect(partReads()).toBe(1);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^Ignored a knowledge index/),
      expect.objectContaining({ index_tokenizer: 'en-porter2-v1' }),
    );
  });

  it('finds nothing, without failing, for a tenant without documents', async () => {
    // Prepare
    await storeIndex(buildIndex(helpArticles()));
    changeMeta({ version: INDEX_VERSION + 1 });

    // Act
    const best = await bestPassage();

    // Assess
    expect(best).toEqual({ hash: undefined, id: undefined });
  });
});
