import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RunningCli {
  readonly url: string;
  readonly dynamodb: string;
  readonly sfn: string;
  readonly agentToken: string;
  readonly output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const ROOT = resolve(__dirname, '../..');

/**
 * Starts `npm start` as a user would (through tsx), on a free port, and
 * resolves once it prints its ready line.
 */
export async function startCli(args: readonly string[]): Promise<RunningCli> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      'local/main.ts',
      '--port',
      '0',
      ...args,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'WARN' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });

  const ready = await waitForReady(child, () => output);
  return {
    ...ready,
    output: () => output,
    stop: (signal = 'SIGTERM') => stopChild(child, signal),
  };
}

function waitForReady(
  child: ChildProcess,
  output: () => string,
  timeoutMs = 60_000,
): Promise<{
  url: string;
  dynamodb: string;
  sfn: string;
  agentToken: string;
}> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      reject(new Error(`Runtime not ready in ${timeoutMs} ms:\n${output()}`));
    }, timeoutMs);
    const poll = setInterval(() => {
      const match = output().match(/^FRONTLINE_READY (.+)$/m);
      if (!match?.[1]) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolvePromise(JSON.parse(match[1]));
    }, 50);
    child.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`Runtime exited with ${code}:\n${output()}`));
    });
  });
}

function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals,
): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolvePromise) => {
    child.once('exit', (code) => resolvePromise(code));
    child.kill(signal);
  });
}

/**
 * A copy of the demo tenant under another id with its own timeouts, so a
 * test can wait for an idle close in seconds.
 */
export function makeTestTenant(
  tenantId: string,
  timeouts: {
    idleTimeoutSeconds: number;
    handoffTimeoutSeconds: number;
    handoffHeartbeatSeconds: number;
  },
): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'frontline-tenant-')), tenantId);
  cpSync(join(ROOT, 'tenants/demo'), dir, { recursive: true });
  const file = join(dir, 'tenant.json');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  writeFileSync(
    file,
    JSON.stringify({ ...config, tenantId, timeouts }, null, 2),
  );
  return dir;
}

export const tempDataDir = () => mkdtempSync(join(tmpdir(), 'frontline-data-'));
