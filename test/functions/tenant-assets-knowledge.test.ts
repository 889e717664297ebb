import { InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { INDEX_VERSION } from '../../functions/shared/knowledge/index-format';
import { passageAt } from '../../functions/shared/knowledge/passage';
import { openIndex, search } from '../../functions/shared/knowledge/rank';
import {
  KNOWLEDGE_SK,
  readIndexItems,
  readIndexMeta,
} from '../../functions/shared/knowledge/store';
import { readVectorMeta } from '../../functions/shared/knowledge/vector-store';
import { standInEmbedding } from '../../local/bedrock/embedding';
import { SEPARABLE, toCsv } from '../intent/fixtures';
import {
  ARTICLES,
  bedrock,
  knowledgeZip,
  never,
  request,
  run,
  setStoredVersion,
  setUp,
  start,
  stop,
  table,
  upload,
} from './tenant-assets-world';

beforeAll(start);
afterAll(stop);
beforeEach(setUp);

describe('tenant assets knowledge', () => {
  it('ingests the zipped folder into the index retrieve loads', async () => {
    // Prepare
    const knowledge = {
      ...upload(knowledgeZip(), '.zip'),
      baseUrl: 'https://help.example.com/',
    };

    // Act
    const response = await run(request('Create', { knowledge }));

    // Assess
    expect(response).toMatchObject({
      Data: { Intents: 'none', Knowledge: 'stored' },
    });
    const meta = await readIndexMeta(table());
    expect(meta).toMatchObject({ documents: 3, parts: 1 });
    const index = openIndex(await readIndexItems(table(), meta ?? never()));
    const [best] = search(index, 'how long until my refund arrives', {
      limit: 1,
    });
    expect(passageAt(index, best?.chunk ?? -1)).toMatchObject({
      title: 'Returns and refunds',
      url: 'https://help.example.com/returns',
    });
    expect(index.file.documents.map((d) => [d.id, d.url])).toEqual([
      ['gift-cards', 'https://shop.example.com/gift-cards'],
      ['guides/shipping', 'https://help.example.com/guides/shipping'],
      ['returns', 'https://help.example.com/returns'],
    ]);
  });

  it('writes nothing when the folder gives the same index', async () => {
    // Prepare
    const knowledge = upload(knowledgeZip(), '.zip');
    await run(request('Create', { knowledge }));
    const first = await readIndexMeta(table());

    // Act
    const response = await run(request('Update', { knowledge }));

    // Assess
    expect(response).toMatchObject({ Data: { Knowledge: 'unchanged' } });
    expect(await readIndexMeta(table())).toEqual(first);
  });

  it('stores the index again when the stored one is of another version', async () => {
    // Prepare
    const knowledge = upload(knowledgeZip(), '.zip');
    await run(request('Create', { knowledge }));
    await setStoredVersion(KNOWLEDGE_SK.meta, 'version', INDEX_VERSION + 1);

    // Act
    const response = await run(request('Update', { knowledge }));

    // Assess
    expect(response).toMatchObject({ Data: { Knowledge: 'stored' } });
    expect(await readIndexMeta(table())).toMatchObject({
      version: INDEX_VERSION,
      documents: 3,
    });
  });

  it('stores a new index when an article changes', async () => {
    // Prepare
    await run(request('Create', { knowledge: upload(knowledgeZip(), '.zip') }));
    const first = await readIndexMeta(table());
    const edited = knowledgeZip({
      ...ARTICLES,
      'returns.md': '# Returns\nRefunds take 10 business days.',
    });

    // Act
    const response = await run(
      request('Update', { knowledge: upload(edited, '.zip') }),
    );

    // Assess
    expect(response).toMatchObject({ Data: { Knowledge: 'stored' } });
    expect((await readIndexMeta(table()))?.hash).not.toBe(first?.hash);
  });

  it('embeds the passages once for a tenant that ranks with embeddings', async () => {
    // Prepare
    bedrock.on(InvokeModelCommand).callsFake((input: { body: string }) => {
      const { inputText, dimensions } = JSON.parse(input.body);
      const embedding = [...standInEmbedding(inputText, dimensions)];
      return { body: new TextEncoder().encode(JSON.stringify({ embedding })) };
    });
    const knowledge = {
      ...upload(knowledgeZip(), '.zip'),
      // As CloudFormation passes it: every value as text.
      embeddings: {
        modelId: 'amazon.titan-embed-text-v2:0',
        dimensions: '256',
      },
    };

    // Act
    const created = await run(request('Create', { knowledge }));
    const calls = bedrock.commandCalls(InvokeModelCommand).length;
    const repeated = await run(request('Update', { knowledge }));

    // Assess
    expect(created).toMatchObject({ Data: { Knowledge: 'stored' } });
    expect(repeated).toMatchObject({ Data: { Knowledge: 'unchanged' } });
    const index = await readIndexMeta(table());
    expect(await readVectorMeta(table())).toMatchObject({
      indexHash: index?.hash,
      modelId: 'amazon.titan-embed-text-v2:0',
      dimensions: 256,
    });
    expect(calls).toBeGreaterThan(0);
    expect(bedrock.commandCalls(InvokeModelCommand)).toHaveLength(calls);
  });

  it('trains and ingests in one request', async () => {
    // Prepare
    const properties = {
      intents: upload(toCsv(SEPARABLE), '.csv'),
      knowledge: upload(knowledgeZip(), '.zip'),
    };

    // Act
    const response = await run(request('Create', properties));

    // Assess
    expect(response).toMatchObject({
      Data: { Intents: 'stored', Knowledge: 'stored' },
    });
  });
});
