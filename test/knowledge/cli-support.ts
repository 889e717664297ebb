import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKnowledgeCli } from '../../scripts/knowledge';

/** A scratch folder per test, removed afterwards. */
export function useScratch(): () => string {
  let scratch = '';
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'knowledge-cli-'));
  });
  afterEach(() => {
    rmSync(scratch, { recursive: true, force: true });
  });
  return () => scratch;
}

/** Runs the command in process, capturing what it prints. */
export async function runCli(
  scratch: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runKnowledgeCli(args, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { FRONTLINE_DATA_DIR: join(scratch, 'data'), ...env },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export /** A help folder with one article of each format, one in a subfolder. */
function helpFolder(scratch: string): string {
  const dir = join(scratch, 'help');
  mkdirSync(join(dir, 'guides'), { recursive: true });
  writeFileSync(join(dir, 'returns.md'), '# Returns\n\n## Window\n30 days.\n');
  writeFileSync(
    join(dir, 'guides', 'care.html'),
    '<h1>Care</h1><h2>Washing</h2><p>Hand wash.</p>',
  );
  writeFileSync(
    join(dir, 'faq.json'),
    JSON.stringify([
      { id: 'faq-pay', title: 'Paying', content: 'Cards and PayPal.' },
    ]),
  );
  writeFileSync(join(dir, 'notes.txt'), 'not knowledge');
  return dir;
}
