import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ingestPaths } from '../../functions/shared/knowledge/ingest';
import {
  readIndexItems,
  readIndexMeta,
} from '../../functions/shared/knowledge/store';
import { logger } from '../../functions/shared/observability';
import { seedTenant } from '../../local/seed';
import { ingestedIndexFile } from '../../local/seed-knowledge';
import { startTestDynamo, type TestDynamo } from '../store/dynalite';

const TABLES = { tenants: 'Tenants', store: 'Store' };
const BASE_URL = 'https://help.acme.test/';

let dynamo: TestDynamo;
let scratch: string;
let tenant = 0;

beforeAll(async () => {
  dynamo = await startTestDynamo();
});

afterAll(async () => {
  await dynamo.close();
});

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'seed-knowledge-'));
  tenant += 1;
});

afterEach(() => {
  jest.restoreAllMocks();
  rmSync(scratch, { recursive: true, force: true });
});

const tenantId = () => `kb${tenant}`;

/**
 * A copy of the demo tenant folder under a tenant id of its own, with
 * `knowledge/` holding `articles` (file name → text) when given.
 */
function tenantFolder(articles?: Record<string, string>): string {
  const dir = join(scratch, 'tenant');
  cpSync('tenants/demo', dir, { recursive: true });
  const json = JSON.parse(readFileSync('tenants/demo/tenant.json', 'utf8'));
  json.tenantId = tenantId();
  json.knowledge = { ...json.knowledge, baseUrl: BASE_URL };
  writeFileSync(join(dir, 'tenant.json'), JSON.stringify(json));
  if (articles) {
    rmSync(join(dir, 'knowledge'), { recursive: true });
    for (const [name, text] of Object.entries(articles)) {
      const file = join(dir, 'knowledge', name);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, text);
    }
  }
  return dir;
}

/** One article of each format, one in a subfolder. */
const MIXED = {
  'returns.md': '# Returns\n\n## Window\nWithin 30 days of delivery.\n',
  'guides/care.html': '<h1>Care</h1><h2>Washing</h2><p>Hand wash only.</p>',
  'faq.json': JSON.stringify([
    { id: 'faq-pay', title: 'Paying', content: 'Cards and PayPal.' },
  ]),
};

/** Writes an index of `articles` where the knowledge command leaves it. */
async function ingestIntoDataDir(articles: Record<string, string>) {
  const source = join(scratch, 'operator');
  for (const [name, text] of Object.entries(articles)) {
    mkdirSync(join(source, name, '..'), { recursive: true });
    writeFileSync(join(source, name), text);
  }
  const ingested = await ingestPaths([source], { baseUrl: BASE_URL });
  const dataDir = join(scratch, 'data');
  const file = ingestedIndexFile(dataDir, tenantId());
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, ingested.encoded.json);
  return { dataDir, file, ingested };
}

const table = () => ({
  client: dynamo.client,
  tableName: 'Tenants',
  tenantId: tenantId(),
});

async function storedDocuments() {
  const meta = await readIndexMeta(table());
  if (!meta) throw new Error('The seed stored no index');
  const file = await readIndexItems(table(), meta);
  return { hash: meta.hash, documents: file.documents };
}

describe('seedTenant knowledge', () => {
  it('ingests markdown, HTML and JSON articles with the tenant’s base url', async () => {
    // Prepare
    const dir = tenantFolder(MIXED);

    // Act
    const counts = await seedTenant(dynamo.client, TABLES, dir);

    // Assess
    expect(counts.knowledge).toEqual({
      source: 'folder',
      path: join(dir, 'knowledge'),
      documents: 3,
      written: true,
    });
    expect((await storedDocuments()).documents).toEqual([
      { id: 'faq-pay', title: 'Paying' },
      { id: 'guides/care', title: 'Care', url: `${BASE_URL}guides/care` },
      { id: 'returns', title: 'Returns', url: `${BASE_URL}returns` },
    ]);
    const { Item } = await dynamo.client.send(
      new GetCommand({
        TableName: 'Tenants',
        Key: { pk: `T#${tenantId()}`, sk: 'DOC#guides/care' },
      }),
    );
    expect(Item).toMatchObject({
      title: 'Care',
      url: `${BASE_URL}guides/care`,
    });
  });

  it('stores the index the deploy builds from the same folder', async () => {
    // Prepare
    const dir = tenantFolder(MIXED);
    const deployed = await ingestPaths([join(dir, 'knowledge')], {
      baseUrl: BASE_URL,
    });

    // Act
    await seedTenant(dynamo.client, TABLES, dir);

    // Assess
    expect((await storedDocuments()).hash).toBe(deployed.encoded.hash);
  });

  it('stores the index ingested into the data directory, at every start', async () => {
    // Prepare
    const dir = tenantFolder();
    const { dataDir, file, ingested } = await ingestIntoDataDir(MIXED);

    // Act
    const first = await seedTenant(dynamo.client, TABLES, dir, { dataDir });
    const restart = await seedTenant(dynamo.client, TABLES, dir, { dataDir });

    // Assess
    const ingestedSource = { source: 'ingested', path: file, documents: 3 };
    expect(first.knowledge).toEqual({ ...ingestedSource, written: true });
    expect(restart.knowledge).toEqual({ ...ingestedSource, written: false });
    expect(first.documents).toBe(0);
    expect((await storedDocuments()).hash).toBe(ingested.encoded.hash);
  });

  it('goes back to the tenant folder once the ingested file is deleted', async () => {
    // Prepare
    const dir = tenantFolder();
    const { dataDir, file } = await ingestIntoDataDir(MIXED);
    await seedTenant(dynamo.client, TABLES, dir, { dataDir });
    rmSync(file);

    // Act
    const counts = await seedTenant(dynamo.client, TABLES, dir, { dataDir });

    // Assess
    expect(counts.knowledge).toMatchObject({
      source: 'folder',
      documents: 10,
      written: true,
    });
  });

  it('seeds the tenant folder, with a warning, over an ingested index of another version', async () => {
    // Prepare
    const dir = tenantFolder();
    const { dataDir, file } = await ingestIntoDataDir(MIXED);
    const old = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...old, tokenizer: 'en-old' }));
    const warn = jest.spyOn(logger, 'warn');

    // Act
    const counts = await seedTenant(dynamo.client, TABLES, dir, { dataDir });

    // Assess
    expect(counts.knowledge).toMatchObject({ source: 'folder' });
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^Ignored an ingested knowledge index/),
      { file, index_version: 1, index_tokenizer: 'en-old' },
    );
  });

  it.each([
    ['bad JSON', '{ "format": ', /kb\d+\.json is not valid JSON: /],
    [
      'JSON of another kind',
      '{ "documents": [] }',
      /kb\d+\.json: not a knowledge index; ingest it again \(or delete it/,
    ],
  ])('throws naming an ingested file of %s', async (_, text, message) => {
    // Prepare
    const dir = tenantFolder();
    const { dataDir, file } = await ingestIntoDataDir(MIXED);
    writeFileSync(file, text);

    // Act
    const seed = seedTenant(dynamo.client, TABLES, dir, { dataDir });

    // Assess
    await expect(seed).rejects.toThrow(message);
  });

  it('stores no index for a folder without knowledge/', async () => {
    // Prepare
    const dir = tenantFolder();
    rmSync(join(dir, 'knowledge'), { recursive: true });

    // Act
    const counts = await seedTenant(dynamo.client, TABLES, dir);

    // Assess
    expect(counts.knowledge).toEqual({
      source: 'none',
      documents: 0,
      written: false,
    });
    expect(await readIndexMeta(table())).toBeUndefined();
  });

  it('throws, as the deploy does, for a knowledge/ folder without articles', async () => {
    // Prepare
    const dir = tenantFolder({ 'notes.txt': 'not knowledge' });

    // Act
    const seed = seedTenant(dynamo.client, TABLES, dir);

    // Assess
    await expect(seed).rejects.toThrow(
      /^No \.md, \.html, \.htm or \.json files in /,
    );
  });
});
