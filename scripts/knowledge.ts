/**
 * The knowledge command: builds a tenant's knowledge index from markdown,
 * HTML and JSON documents, and shows what a question retrieves.
 *
 * Run: `npm run knowledge -- ingest --tenant demo tenants/demo/knowledge`
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { parseIndex } from '../functions/shared/knowledge/index-format';
import {
  type Ingested,
  ingestPaths,
} from '../functions/shared/knowledge/ingest';
import { passageAt } from '../functions/shared/knowledge/passage';
import { openIndex, search } from '../functions/shared/knowledge/rank';
import { writeIndexItems } from '../functions/shared/knowledge/store';
import { parseOrThrow } from '../functions/shared/validate';
import { ingestedIndexFile } from '../local/seed-knowledge';
import { TenantIdSchema } from '../schemas/ids';
import {
  type CliIo,
  helpExit,
  processIo,
  reportFailure,
  runIfMain,
  UsageError,
} from './cli-support';
import {
  EMBEDDING_HELP,
  EMBEDDING_OPTIONS,
  embedAndStore,
  embeddingSettings,
} from './knowledge-embeddings';
import { openTenantsTable } from './tenants-table';

export const HELP = `Frontline knowledge: index a tenant's help articles.

Usage:
  npm run knowledge -- ingest --tenant <id> [options] <file or folder>...
  npm run knowledge -- search --tenant <id> [--index <file>] <question>

ingest reads .md, .html/.htm and .json files (folders recursively; a JSON
file holds one { id, title, content, url? } document or an array of them)
and writes one index file. The default file belongs to the local runtime:
at every start, npm start seeds it for the tenant in place of the tenant
folder's knowledge/ (delete the file to go back; npm start --reset deletes
it too). To serve it without a restart, add --endpoint with the DynamoDB
endpoint npm start prints: retrieval uses it within a minute. Options:
  --out <file>        Index file (default <data dir>/knowledge/<tenant>.json;
                      data dir: env FRONTLINE_DATA_DIR, else .data, as for
                      npm start); npm start reads only the default
  --base-url <url>    Url of a markdown or HTML document: <url><document id>
  --endpoint <url>    Also store the index on the Tenants table of this
                      DynamoDB endpoint (env AWS_ENDPOINT_URL_DYNAMODB)
  --table <name>      Tenants table (env TENANTS_TABLE, else Tenants); naming
                      it stores the index there, on AWS when no endpoint is set
  --region <name>     AWS region (env AWS_REGION, else us-east-1)
  --chunk-chars <n>   Passage length to aim for (default 800)
${EMBEDDING_HELP}
search ranks the passages of an index file for a question. Options:
  --index <file>      Index file (default as for ingest)
  --limit <n>         Passages to show (default 5)
`;

/** Runs the command line; resolves to the process exit code. */
export async function runKnowledgeCli(
  argv: readonly string[],
  io: CliIo = processIo,
): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        tenant: { type: 'string' },
        out: { type: 'string' },
        index: { type: 'string' },
        'base-url': { type: 'string' },
        endpoint: { type: 'string' },
        table: { type: 'string' },
        region: { type: 'string' },
        'chunk-chars': { type: 'string' },
        limit: { type: 'string' },
        ...EMBEDDING_OPTIONS,
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const [command, ...rest] = positionals;
    const help = helpExit(values.help, command, HELP, io);
    if (help !== undefined) return help;
    if (command === 'ingest') return await ingest(values, rest, io);
    if (command === 'search') return await query(values, rest, io);
    throw new UsageError(`Unknown command "${command}"`);
  } catch (error) {
    return reportFailure(error, io);
  }
}

type Values = Record<string, string | boolean | undefined>;

async function ingest(values: Values, paths: string[], io: CliIo) {
  const tenantId = tenantOf(values);
  const chunkChars = positiveInt(values['chunk-chars'], 'chunk-chars', 800);
  const ingested = await ingestPaths(paths, {
    baseUrl: values['base-url'] as string | undefined,
    targetChars: chunkChars,
    onProgress: (done, total) => {
      if (total >= 200 && (done % 200 === 0 || done === total)) {
        io.err(`Read ${done} of ${total} files`);
      }
    },
  });
  const out =
    (values.out as string | undefined) ?? defaultIndexFile(tenantId, io);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, ingested.encoded.json);
  const stored = await storeInTable(values, tenantId, ingested, io);

  const { summary } = ingested;
  io.out(
    `Indexed ${summary.documents} documents from ${summary.files} files ` +
      `into ${summary.chunks} passages in ${summary.ms} ms`,
  );
  io.out(
    `  Index   ${out} (${kb(summary.bytes)}; ${kb(summary.storedBytes)} gzipped)`,
  );
  if (stored) io.out(`  Stored  ${stored}`);
  return 0;
}

async function storeInTable(
  values: Values,
  tenantId: string,
  { index, encoded }: Ingested,
  io: CliIo,
): Promise<string | undefined> {
  const endpoint =
    (values.endpoint as string | undefined) ?? io.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (!endpoint && !values.table) {
    if (values.embeddings) {
      throw new UsageError(
        '--embeddings stores vectors on the Tenants table: name --table or --endpoint',
      );
    }
    return undefined;
  }
  const open = openTenantsTable(
    tenantId,
    {
      endpoint,
      table: values.table as string | undefined,
      region: values.region as string | undefined,
    },
    io.env,
  );
  try {
    const { table, region } = open;
    const meta = await writeIndexItems(table, encoded, {
      documents: index.documents.length,
      chunks: index.chunks.length,
    });
    const stored = `${open.where}: ${meta.parts} part(s), hash ${meta.hash.slice(0, 12)}`;
    const target = { ...table, region };
    const settings = await embeddingSettings(values, target);
    if (!settings) return stored;
    const file = { file: index, hash: meta.hash };
    const vectors = await embedAndStore(values, io, target, file, settings);
    return `${stored}\n  Vectors ${vectors}`;
  } finally {
    open.close();
  }
}

async function query(values: Values, words: string[], io: CliIo) {
  const tenantId = tenantOf(values);
  const question = words.join(' ').trim();
  if (!question) throw new UsageError('Give a question to search for');
  const limit = positiveInt(values.limit, 'limit', 5);
  const file =
    (values.index as string | undefined) ?? defaultIndexFile(tenantId, io);
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UsageError(`Cannot read ${file}; run ingest first`);
  });
  const index = openIndex(parseIndex(text, file));

  const hits = search(index, question, { limit });
  if (hits.length === 0) io.out('No passage shares a word with the question');
  for (const hit of hits) {
    const passage = passageAt(index, hit.chunk);
    io.out(`${hit.normalised.toFixed(3)}  ${passage.id}  ${passage.title}`);
    io.out(`       ${passage.text.replace(/\s+/g, ' ').slice(0, 160)}`);
  }
  return 0;
}

function tenantOf(values: Values): string {
  if (!values.tenant) throw new UsageError('--tenant <id> is required');
  return parseOrThrow(TenantIdSchema, values.tenant, '--tenant');
}

function positiveInt(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new UsageError(`--${name} must be a positive integer, got ${value}`);
  }
  return n;
}

/** The index file of the local runtime, which its seed reads. */
const defaultIndexFile = (tenantId: string, io: CliIo) =>
  ingestedIndexFile(io.env.FRONTLINE_DATA_DIR ?? '.data', tenantId);

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

runIfMain('knowledge.ts', (argv) => runKnowledgeCli(argv));
