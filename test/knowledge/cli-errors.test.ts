import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { helpFolder, runCli, useScratch } from './cli-support';

const scratch = useScratch();

describe('knowledge ingest', () => {
  it.each([
    [
      'a missing file',
      () => ['missing.md'],
      1,
      /^Error: Cannot read .*missing\.md: no such file or directory$/,
    ],
    [
      'an unsupported file',
      (d: string) => [join(d, 'notes.txt')],
      1,
      /notes\.txt: unsupported file type/,
    ],
    [
      'bad JSON',
      (d: string) => [writeJson(d, '{ "id": ')],
      1,
      /bad\.json is not valid JSON/,
    ],
    [
      'a JSON document without a title',
      (d: string) => [writeJson(d, '{"id": "x", "content": ""}')],
      1,
      /bad\.json: title: /,
    ],
    [
      'an empty folder',
      (d: string) => [emptyFolder(d)],
      1,
      /^Error: No \.md, \.html, \.htm or \.json files in /,
    ],
    [
      'no path',
      () => [],
      1,
      /^Error: Name at least one file or folder to ingest$/,
    ],
    [
      'two sources of one id',
      (d: string) => [d, join(d, 'returns.md')],
      1,
      /returns\.md: document id returns is already used by /,
    ],
  ])('fails with a clear message for %s', async (_, paths, code, message) => {
    // Prepare
    const dir = helpFolder(scratch());

    // Act
    const result = await runCli(scratch(), [
      'ingest',
      '--tenant',
      'acme',
      ...paths(dir),
    ]);

    // Assess
    expect(result.code).toBe(code);
    expect(result.err).toMatch(message);
    expect(result.err).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['ingest', 'x'], 2, /--tenant <id> is required/],
    [['ingest', '--tenant', 'Bad Tenant', 'x'], 1, /Invalid --tenant: /],
    [['reindex'], 2, /Unknown command "reindex"/],
    [['ingest', '--colour', 'x'], 2, /Unknown option '--colour'/],
    [[], 2, /^Frontline knowledge/],
  ])('rejects %j with a hint', async (args, code, message) => {
    // Act
    const result = await runCli(scratch(), args);

    // Assess
    expect(result.code).toBe(code);
    expect(result.err).toMatch(message);
  });
});

describe('npm run knowledge', () => {
  it('exits with 1 and the message when run as a command', () => {
    // Act
    const result = spawnSync(
      process.execPath,
      [
        resolve('node_modules/tsx/dist/cli.mjs'),
        'scripts/knowledge.ts',
        'ingest',
        '--tenant',
        'acme',
        'missing.md',
      ],
      { encoding: 'utf8' },
    );

    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'Error: Cannot read missing.md: no such file or directory\n',
    );
  }, 30_000);
});

function writeJson(dir: string, text: string): string {
  const file = join(dir, 'bad.json');
  writeFileSync(file, text);
  return file;
}

function emptyFolder(dir: string): string {
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  return empty;
}
