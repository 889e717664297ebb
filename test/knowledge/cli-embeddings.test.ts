import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { readIndexMeta } from '../../functions/shared/knowledge/store';
import { readVectorMeta } from '../../functions/shared/knowledge/vector-store';
import { type BedrockApi, startBedrockApi } from '../../local/bedrock/server';
import { startTestDynamo, type TestDynamo } from '../store/dynalite';
import { helpFolder, runCli, useScratch } from './cli-support';

let dynamo: TestDynamo;
let api: BedrockApi;
const scratch = useScratch();

beforeAll(async () => {
  dynamo = await startTestDynamo();
  api = await startBedrockApi();
});

afterAll(async () => {
  await api.close();
  await dynamo.close();
});

const table = (tenantId: string) => ({
  client: dynamo.client,
  tableName: 'Tenants',
  tenantId,
});

const ingest = (tenantId: string, args: readonly string[], dir?: string) =>
  runCli(scratch(), [
    'ingest',
    '--tenant',
    tenantId,
    '--endpoint',
    dynamo.endpoint,
    '--bedrock-endpoint',
    api.url,
    ...args,
    dir ?? helpFolder(scratch()),
  ]);

describe('knowledge ingest with embeddings', () => {
  it('stores passage vectors bound to the index it stored', async () => {
    // Act
    const result = await ingest('emb1', [
      '--embeddings',
      '--dimensions',
      '256',
    ]);

    // Assess
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /\n {2}Vectors 3 passages × 256 \(amazon\.titan-embed-text-v2:0\), 1 part\(s\), hash [0-9a-f]{12}$/,
    );
    const index = await readIndexMeta(table('emb1'));
    expect(await readVectorMeta(table('emb1'))).toMatchObject({
      indexHash: index?.hash,
      modelId: 'amazon.titan-embed-text-v2:0',
      dimensions: 256,
      count: 3,
    });
  });

  it('embeds without the flag when the tenant’s configuration enables it', async () => {
    // Prepare
    await dynamo.client.send(
      new PutCommand({
        TableName: 'Tenants',
        Item: {
          pk: 'T#emb2',
          sk: 'CONFIG',
          config: {
            knowledge: { embeddings: { modelId: 'cohere.embed-english-v3' } },
          },
        },
      }),
    );

    // Act
    const result = await ingest('emb2', []);

    // Assess
    expect(result.code).toBe(0);
    expect(await readVectorMeta(table('emb2'))).toMatchObject({
      modelId: 'cohere.embed-english-v3',
      dimensions: 1024,
    });
  });

  it('stores no vectors for a tenant that does not ask for them', async () => {
    // Act
    const result = await ingest('emb3', []);

    // Assess
    expect(result.code).toBe(0);
    expect(result.out).not.toContain('Vectors');
    expect(await readVectorMeta(table('emb3'))).toBeUndefined();
  });

  it('reports embedding progress on stderr for large sets', async () => {
    // Prepare
    const dir = join(scratch(), 'many');
    mkdirSync(dir);
    for (let i = 0; i < 210; i += 1)
      writeFileSync(join(dir, `a${i}.md`), `# A${i}\nText ${i}.`);

    // Act
    const result = await ingest(
      'emb4',
      ['--embeddings', '--dimensions', '256'],
      dir,
    );

    // Assess
    expect(result.code).toBe(0);
    expect(
      result.err.split('\n').filter((l) => l.startsWith('Embedded')),
    ).toEqual(['Embedded 200 of 210 passages', 'Embedded 210 of 210 passages']);
  });

  it.each([
    [
      'without a table',
      ['ingest', '--tenant', 'acme', '--embeddings'],
      2,
      '--embeddings stores vectors on the Tenants table',
    ],
    [
      'with a length the model does not return',
      [
        'ingest',
        '--tenant',
        'acme',
        '--table',
        'Tenants',
        '--embedding-model',
        'cohere.embed-english-v3',
        '--dimensions',
        '256',
      ],
      1,
      'Invalid embedding settings (--embedding-model, --dimensions): dimensions',
    ],
  ])('fails %s', async (_case, args, code, message) => {
    // Act
    const result = await runCli(scratch(), [...args, helpFolder(scratch())], {
      ...(args.includes('--table')
        ? { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint }
        : {}),
    });

    // Assess
    expect(result.code).toBe(code);
    expect(result.err).toContain(message);
  });
});
