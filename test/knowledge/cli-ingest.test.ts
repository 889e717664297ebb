import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIndex } from '../../functions/shared/knowledge/index-format';
import { readIndexMeta } from '../../functions/shared/knowledge/store';
import { startTestDynamo, type TestDynamo } from '../store/dynalite';
import { helpFolder, runCli, useScratch } from './cli-support';

let dynamo: TestDynamo;
const scratch = useScratch();

beforeAll(async () => {
  dynamo = await startTestDynamo();
});

afterAll(async () => {
  await dynamo.close();
});

describe('knowledge ingest', () => {
  it('indexes a folder of markdown, HTML and JSON and prints a summary', async () => {
    // Prepare
    const dir = helpFolder(scratch());

    // Act
    const result = await runCli(scratch(), [
      'ingest',
      '--tenant',
      'acme',
      '--base-url',
      'https://help.acme.test/',
      dir,
    ]);

    // Assess
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(
      /^Indexed 3 documents from 3 files into 3 passages in \d+ ms\n {2}Index {3}.*acme\.json \(\d+\.\d kB; \d+\.\d kB gzipped\)$/,
    );
    const index = parseIndex(
      readFileSync(join(scratch(), 'data', 'knowledge', 'acme.json'), 'utf8'),
      'index',
    );
    expect(index.documents).toEqual([
      { id: 'faq-pay', title: 'Paying' },
      {
        id: 'guides/care',
        title: 'Care',
        url: 'https://help.acme.test/guides/care',
      },
      {
        id: 'returns',
        title: 'Returns',
        url: 'https://help.acme.test/returns',
      },
    ]);
  });

  it('also stores the index on the Tenants table of a DynamoDB endpoint', async () => {
    // Prepare
    const out = join(scratch(), 'acme.json');

    // Act
    const result = await runCli(
      scratch(),
      ['ingest', '--tenant', 'acme', '--out', out, helpFolder(scratch())],
      {
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      },
    );

    // Assess
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      `Stored  Tenants at ${dynamo.endpoint}: 1 part(s), hash `,
    );
    const meta = await readIndexMeta({
      client: dynamo.client,
      tableName: 'Tenants',
      tenantId: 'acme',
    });
    expect(meta).toMatchObject({ documents: 3, chunks: 3, parts: 1 });
  });

  it('reports progress on stderr for large inputs', async () => {
    // Prepare
    const dir = join(scratch(), 'many');
    mkdirSync(dir);
    for (let i = 0; i < 250; i += 1)
      writeFileSync(join(dir, `a${i}.md`), `# A${i}\nText ${i}.`);

    // Act
    const result = await runCli(scratch(), ['ingest', '--tenant', 'acme', dir]);

    // Assess
    expect(result.code).toBe(0);
    expect(result.err).toBe('Read 200 of 250 files\nRead 250 of 250 files');
  });
});

describe('knowledge search', () => {
  it('prints the best passages of the tenant’s index', async () => {
    // Prepare
    await runCli(scratch(), [
      'ingest',
      '--tenant',
      'acme',
      helpFolder(scratch()),
    ]);

    // Act
    const result = await runCli(scratch(), [
      'search',
      '--tenant',
      'acme',
      'how',
      'do',
      'I',
      'wash',
      'it',
    ]);

    // Assess
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /^1\.000 {2}guides\/care#1 {2}Care\n {7}## Washing Hand wash\.$/,
    );
  });

  it('fails when the tenant has no index file', async () => {
    // Act
    const result = await runCli(scratch(), [
      'search',
      '--tenant',
      'nobody',
      'refund',
    ]);

    // Assess
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/Cannot read .*nobody\.json; run ingest first/);
  });
});
