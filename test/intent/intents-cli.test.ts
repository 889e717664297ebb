import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserializeModel, predict } from '../../functions/shared/intent';
import {
  readIntentArtifact,
  readIntentMeta,
} from '../../functions/shared/intent/artifact-store';
import { runIntentsCli } from '../../scripts/intents';
import { startTestDynamo, type TestDynamo } from '../store/dynalite';
import { SEPARABLE, toCsv } from './fixtures';

let dynamo: TestDynamo;
let scratch: string;

beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo.close();
});
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'intents-cli-'));
});
afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

async function run(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runIntentsCli(args, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const table = (tenantId: string) => ({
  client: dynamo.client,
  tableName: 'Tenants',
  tenantId,
});

function csvFile(text = toCsv(SEPARABLE)): string {
  const file = join(scratch, 'intents.csv');
  writeFileSync(file, text);
  return file;
}

describe('npm run intents', () => {
  it('trains and stores a classifier that understand can load', async () => {
    // Prepare
    const file = csvFile();

    // Act
    const result = await run([
      'train',
      '--tenant',
      'acme',
      '--endpoint',
      dynamo.endpoint,
      file,
    ]);

    // Assess
    expect(result.code).toBe(0);
    expect(result.out).toContain('Trained 15 examples of 3 intents');
    const meta = await readIntentMeta(table('acme'));
    expect(meta?.labels).toEqual([
      'card_arrival',
      'change_pin',
      'terminate_account',
    ]);
    const model = deserializeModel(
      await readIntentArtifact(table('acme'), meta as NonNullable<typeof meta>),
    );
    expect(predict(model, 'my card never arrived').intent).toBe('card_arrival');
  });

  it('leaves a classifier trained on the same examples alone', async () => {
    // Prepare
    const args = ['train', '--tenant', 'same', '--endpoint', dynamo.endpoint];
    await run([...args, csvFile()]);
    const before = await readIntentMeta(table('same'));

    // Act
    const again = await run([...args, csvFile()]);

    // Assess
    expect(again.code).toBe(0);
    expect(again.out).toContain('Unchanged');
    expect(await readIntentMeta(table('same'))).toEqual(before);
  });

  it('shows what the table holds for a tenant', async () => {
    // Prepare
    const endpoint = dynamo.endpoint;
    await run([
      'train',
      '--tenant',
      'shown',
      '--endpoint',
      endpoint,
      csvFile(),
    ]);

    // Act
    const shown = await run([
      'show',
      '--tenant',
      'shown',
      '--endpoint',
      endpoint,
    ]);
    const none = await run([
      'show',
      '--tenant',
      'nobody',
      '--endpoint',
      endpoint,
    ]);

    // Assess
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/^shown in Tenants at http.*: 3 intents/);
    expect(none.code).toBe(1);
    expect(none.out).toContain('holds no classifier for nobody');
  });

  it('exits 1 naming the row of a malformed file and stores nothing', async () => {
    // Prepare
    const file = csvFile('text,category\n"hello,greeting\n');

    // Act
    const result = await run([
      'train',
      '--tenant',
      'broken',
      '--endpoint',
      dynamo.endpoint,
      file,
    ]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.err).toContain('intents.csv');
    expect(await readIntentMeta(table('broken'))).toBeUndefined();
  });

  it.each([
    ['no table or endpoint', ['train', '--tenant', 'a', 'x.csv'], '--table'],
    ['no tenant', ['train', '--table', 'T', 'x.csv'], '--tenant'],
    ['a bad tenant id', ['show', '--tenant', 'a b', '--table', 'T'], 'tenant'],
    ['no file', ['train', '--tenant', 'a', '--table', 'T'], 'one CSV file'],
    ['an unknown command', ['forget', '--tenant', 'a'], 'Unknown command'],
  ])('exits 2 for %s', async (_, args, message) => {
    // Act
    const result = await run(args);

    // Assess
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
    expect(result.err).toContain('--help');
  });
});
