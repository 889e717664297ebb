import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectPassages } from '../../functions/retrieve/retrieve';
import { seedTenant } from '../../local/seed';
import { startTestDynamo, type TestDynamo } from '../store/dynalite';
import { helpFolder, runCli, useScratch } from './cli-support';

const TABLES = { tenants: 'Tenants', store: 'Store' };
const QUESTION = 'how do I wash it';

let dynamo: TestDynamo;
let loadKnowledge: typeof import('../../functions/retrieve/knowledge').loadKnowledge;
let clearKnowledgeCache: () => void;
let checkMs: number;
const scratch = useScratch();
let tenant = 0;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  const knowledge = await import('../../functions/retrieve/knowledge');
  ({ loadKnowledge, clearKnowledgeCache } = knowledge);
  checkMs = knowledge.KNOWLEDGE_CHECK_MS;
});

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  await dynamo.close();
});

beforeEach(() => {
  tenant += 1;
  clearKnowledgeCache();
});

const tenantId = () => `local${tenant}`;
const dataDir = () => join(scratch(), 'data');

/** The demo tenant folder under this test's tenant id. */
function tenantFolder(): string {
  const dir = join(scratch(), 'tenant');
  cpSync('tenants/demo', dir, { recursive: true });
  const json = JSON.parse(readFileSync('tenants/demo/tenant.json', 'utf8'));
  writeFileSync(
    join(dir, 'tenant.json'),
    JSON.stringify({ ...json, tenantId: tenantId() }),
  );
  return dir;
}

/** What the runtime's seed does at a start. */
const start = (dir: string) =>
  seedTenant(dynamo.client, TABLES, dir, { dataDir: dataDir() });

/** The passage retrieve finds first for `question`, at `now`. */
async function retrieved(question: string, now = 0) {
  const knowledge = await loadKnowledge(tenantId(), now);
  const [best] = selectPassages(knowledge, question, {
    maxPassages: 1,
    minScore: 0,
  });
  return best?.id;
}

const ingest = (...args: string[]) =>
  runCli(scratch(), [
    'ingest',
    '--tenant',
    tenantId(),
    ...args,
    helpFolder(scratch()),
  ]);

describe('knowledge ingest for the local runtime', () => {
  it('is what retrieval uses after the next start and every restart', async () => {
    // Prepare
    const dir = tenantFolder();
    await start(dir);
    const before = await retrieved(QUESTION);

    // Act
    const result = await ingest();
    const restarted = await start(dir);
    clearKnowledgeCache();
    const afterStart = await retrieved(QUESTION);
    const again = await start(dir);
    clearKnowledgeCache();
    const afterRestart = await retrieved(QUESTION);

    // Assess
    expect(result.code).toBe(0);
    expect(before).not.toBe('guides/care#1');
    expect(restarted.knowledge).toMatchObject({
      source: 'ingested',
      documents: 3,
      written: true,
    });
    expect(again.knowledge).toMatchObject({
      source: 'ingested',
      written: false,
    });
    expect([afterStart, afterRestart]).toEqual([
      'guides/care#1',
      'guides/care#1',
    ]);
  });

  it('reaches a running runtime through its endpoint, and stays after a restart', async () => {
    // Prepare
    const dir = tenantFolder();
    await start(dir);
    const before = await retrieved(QUESTION, 0);

    // Act
    const result = await ingest('--endpoint', dynamo.endpoint);
    const live = await retrieved(QUESTION, checkMs);
    const restarted = await start(dir);
    clearKnowledgeCache();
    const afterRestart = await retrieved(QUESTION);

    // Assess
    expect(result.code).toBe(0);
    expect(before).not.toBe('guides/care#1');
    expect(live).toBe('guides/care#1');
    expect(restarted.knowledge).toMatchObject({
      source: 'ingested',
      written: false,
    });
    expect(afterRestart).toBe('guides/care#1');
  });
});
