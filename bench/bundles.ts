import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, round } from './stats';

export interface BundleResult {
  readonly functionName: string;
  readonly bytes: number;
  readonly importMs: number;
  readonly overBareNodeMs: number;
}

const RUNS = 9;

/**
 * Synthesizes the CDK app (which bundles every function with esbuild), then
 * measures each bundle's size and how long Node takes to import it, next to
 * a bare `node -e 0` measured in the same run.
 */
export function benchBundles(): {
  bareNodeMs: number;
  bundles: BundleResult[];
} {
  const out = mkdtempSync(join(tmpdir(), 'frontline-synth-'));
  const synth = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', out], {
    encoding: 'utf8',
    env: synthEnvironment(),
  });
  if (synth.status !== 0) throw new Error(`cdk synth failed:\n${synth.stderr}`);

  const bareNodeMs = timeNode(['-e', '0']);
  const bundles = functionAssets(out).map(({ functionName, file }) => {
    const importMs = timeNode([
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(pathToFileURL(file).href)})`,
    ]);
    return {
      functionName,
      bytes: statSync(file).size,
      importMs: round(importMs),
      overBareNodeMs: round(importMs - bareNodeMs),
    };
  });
  return { bareNodeMs: round(bareNodeMs), bundles };
}

function synthEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  };
  for (const name of [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
  ]) {
    delete env[name];
  }
  return env;
}

/** Each Lambda function of the template with the bundle file of its asset. */
function functionAssets(out: string): { functionName: string; file: string }[] {
  const templates = readdirSync(out).filter((f) =>
    f.endsWith('.template.json'),
  );
  return templates.flatMap((name) => {
    const template = JSON.parse(readFileSync(join(out, name), 'utf8'));
    return (
      Object.values(template.Resources as Record<string, Resource>)
        .filter(
          (r) =>
            r.Type === 'AWS::Lambda::Function' &&
            r.Metadata?.['aws:asset:path'],
        )
        .map((r) => {
          const dir = resolve(out, r.Metadata?.['aws:asset:path'] ?? '');
          const file = ['index.mjs', 'index.js']
            .map((f) => join(dir, f))
            .find(existsSync);
          const service =
            r.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME;
          return { functionName: service ?? '', file: file ?? '' };
        })
        // The CDK's own custom-resource function has no service name.
        .filter((a) => a.file !== '' && a.functionName !== '')
    );
  });
}

interface Resource {
  Type: string;
  Metadata?: Record<string, string>;
  Properties?: { Environment?: { Variables?: Record<string, string> } };
}

/** Median wall time of a Node process over several runs. */
function timeNode(args: string[]): number {
  // A bundle imports as in a fresh Lambda environment: not with the
  // invocation scopes an earlier section's local runtime announced here.
  const { AWS_LAMBDA_MAX_CONCURRENCY: _scopes, ...inherited } = process.env;
  const env = {
    ...inherited,
    AWS_REGION: 'us-east-1',
    POWERTOOLS_METRICS_DISABLED: 'true',
    // Lambda runs Node 22, where the SDK prints no notice about Node 20.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
    samples.push(performance.now() - started);
    if (run.status !== 0)
      throw new Error(`node ${args.join(' ')} failed:\n${run.stderr}`);
  }
  return median(samples);
}
