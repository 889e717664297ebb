/**
 * The intents command: trains a tenant's intent classifier from labelled
 * examples and stores it on the Tenants table, where understand picks it
 * up within a minute: a tenant changes its examples without a deploy.
 *
 * Run: `npm run intents -- train --tenant demo --table Tenants intents.csv`
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { FrontlineError } from '../functions/shared/errors';
import {
  readIntentMeta,
  storeIntentsFromCsv,
} from '../functions/shared/intent/artifact-store';
import { TenantIdSchema } from '../schemas/ids';
import {
  type CliIo,
  helpExit,
  processIo,
  reportFailure,
  requiredOption,
  runIfMain,
  UsageError,
} from './cli-support';
import {
  openTenantsTable,
  TABLE_OPTIONS,
  type TableOptions,
  tableOptionsOf,
} from './tenants-table';

export const HELP = `Frontline intents: train a tenant's intent classifier.

Usage:
  npm run intents -- train --tenant <id> [options] <intents.csv>
  npm run intents -- show --tenant <id> [options]

train reads labelled examples (a CSV with text and category columns; the
category oos marks out-of-scope examples), trains the classifier and
stores it on the Tenants table, unless the stored one was trained on the
same examples. understand loads it within a minute, with no deploy.
show prints what the table holds for the tenant. Options:
  --table <name>      Tenants table (env TENANTS_TABLE, else Tenants)
  --endpoint <url>    DynamoDB endpoint (env AWS_ENDPOINT_URL_DYNAMODB);
                      without one, the table on AWS. On the local
                      runtime's endpoint it lasts until the next start,
                      which trains the tenant folder's intents.csv: edit
                      that file to keep a change.
  --region <name>     AWS region (env AWS_REGION, else us-east-1)
One of --table and --endpoint is required, so that nothing is stored on
AWS by accident.
`;

/** Runs the command line; resolves to the process exit code. */
export async function runIntentsCli(
  argv: readonly string[],
  io: CliIo = processIo,
): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        tenant: { type: 'string' },
        ...TABLE_OPTIONS,
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const [command, ...rest] = positionals;
    const help = helpExit(values.help, command, HELP, io);
    if (help !== undefined) return help;
    if (command !== 'train' && command !== 'show') {
      throw new UsageError(`Unknown command "${command}"`);
    }
    const tenantId = tenantOf(values.tenant);
    const target = tableOptionsOf(values, io.env);
    const run = command === 'train' ? trainFile : show;
    return await run(tenantId, target, rest, io);
  } catch (error) {
    return reportFailure(error, io);
  }
}

async function trainFile(
  tenantId: string,
  target: TableOptions,
  files: readonly string[],
  io: CliIo,
): Promise<number> {
  if (files.length !== 1) {
    throw new UsageError('Give exactly one CSV file of labelled examples');
  }
  const [file] = files as [string];
  const csv = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new FrontlineError(
      `Cannot read ${file}: ${(error as Error).message}`,
    );
  });
  const open = openTenantsTable(tenantId, target, io.env);
  try {
    io.err(`Training the classifier of ${tenantId} from ${file}…`);
    const started = performance.now();
    const result = await storeIntentsFromCsv(open.table, csv, file);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const { meta } = result;
    io.out(
      result.trained
        ? `Trained ${result.examples} examples of ${meta.labels.length} intents in ${seconds} s`
        : `Unchanged: ${open.where} already holds a classifier trained on these ${result.examples} examples`,
    );
    io.out(`  Stored  ${open.where}: ${describe(meta)}`);
    return 0;
  } finally {
    open.close();
  }
}

async function show(
  tenantId: string,
  target: TableOptions,
  extra: readonly string[],
  io: CliIo,
): Promise<number> {
  if (extra.length > 0) throw new UsageError('show takes no file');
  const open = openTenantsTable(tenantId, target, io.env);
  try {
    const meta = await readIntentMeta(open.table);
    if (!meta) {
      io.out(`${open.where} holds no classifier for ${tenantId}`);
      return 1;
    }
    io.out(`${tenantId} in ${open.where}: ${describe(meta)}`);
    io.out(`  Intents ${meta.labels.join(', ')}`);
    return 0;
  } finally {
    open.close();
  }
}

const describe = (meta: {
  readonly labels: readonly string[];
  readonly bytes: number;
  readonly parts: number;
  readonly sha256: string;
  readonly trainedAt: string;
}) =>
  `${meta.labels.length} intents, ${(meta.bytes / 1024).toFixed(1)} kB in ` +
  `${meta.parts} part(s), hash ${meta.sha256.slice(0, 12)}, trained ${meta.trainedAt}`;

const tenantOf = (value: string | undefined): string =>
  requiredOption(
    TenantIdSchema,
    value,
    '--tenant',
    '--tenant <id> is required',
  );

runIfMain('intents.ts', (argv) => runIntentsCli(argv));
