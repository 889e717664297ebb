import { buildIndex } from '../../functions/shared/knowledge/build';
import { encodeIndex } from '../../functions/shared/knowledge/index-format';
import { writeIndexItems } from '../../functions/shared/knowledge/store';
import { readVectorMeta } from '../../functions/shared/knowledge/vector-store';
import { type BedrockApi, startBedrockApi } from '../../local/bedrock/server';
import { seedPassageVectors } from '../../local/seed-vectors';
import { tenantConfig } from '../functions/workflow-steps/fixtures';
import { helpArticles } from '../knowledge/fixtures';
import { startTestDynamo, type TestDynamo } from '../store/dynalite';

let dynamo: TestDynamo;
let api: BedrockApi;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  api = await startBedrockApi();
  process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = api.url;
});

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME;
  await api.close();
  await dynamo.close();
});

async function storedIndex(tenantId: string) {
  const table = { client: dynamo.client, tableName: 'Tenants', tenantId };
  const file = buildIndex(helpArticles());
  const encoded = encodeIndex(file);
  await writeIndexItems(table, encoded, { documents: 3, chunks: 6 });
  return { table, index: { file, hash: encoded.hash } };
}

describe('seedPassageVectors', () => {
  it('embeds through the environment’s endpoint once per index and model', async () => {
    // Prepare
    const { table, index } = await storedIndex('seeded1');
    const config = tenantConfig({
      tenantId: 'seeded1',
      knowledge: { embeddings: { dimensions: 512 } },
    });

    // Act
    const first = await seedPassageVectors(table, config, index);
    const again = await seedPassageVectors(table, config, index);

    // Assess
    expect([first, again]).toEqual(['embedded', 'unchanged']);
    expect(await readVectorMeta(table)).toMatchObject({
      indexHash: index.hash,
      modelId: 'amazon.titan-embed-text-v2:0',
      dimensions: 512,
      count: 6,
    });
  });

  it('stores nothing for a tenant without embeddings', async () => {
    // Prepare
    const { table, index } = await storedIndex('seeded2');

    // Act
    const seeded = await seedPassageVectors(
      table,
      tenantConfig({ tenantId: 'seeded2' }),
      index,
    );

    // Assess
    expect(seeded).toBe('none');
    expect(await readVectorMeta(table)).toBeUndefined();
  });
});
