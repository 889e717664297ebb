import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError } from '../functions/shared/errors';
import type { KnowledgeDocument } from '../functions/shared/knowledge/documents';
import { KnowledgeIndexVersionError } from '../functions/shared/knowledge/errors';
import {
  type EncodedIndex,
  encodeIndex,
  type KnowledgeIndexFile,
  parseIndex,
} from '../functions/shared/knowledge/index-format';
import { ingestPaths } from '../functions/shared/knowledge/ingest';
import { logger } from '../functions/shared/observability';
import type { TenantConfig } from '../schemas/tenant-config';

/**
 * Where the knowledge the local seed stores for a tenant comes from:
 *
 * - `ingested`: the index `npm run knowledge -- ingest --tenant <id>` left
 *   in the runtime's data directory (see {@link ingestedIndexFile}). It is
 *   the operator's choice, so it wins over the tenant folder at every
 *   start, until the file is deleted.
 * - `folder`: the tenant folder's `knowledge/`, ingested exactly as the
 *   deploy-time tenant assets function ingests it (every supported format,
 *   document ids from the paths, urls from `knowledge.baseUrl`).
 */
export type KnowledgeSource = 'ingested' | 'folder';

/** A tenant's knowledge, ready to store. */
export interface TenantKnowledge {
  readonly source: KnowledgeSource;
  /** The file or folder it was read from. */
  readonly path: string;
  /**
   * The documents to store as `DOC#` items: the folder's; none for an
   * ingested index, which holds passages, not whole documents.
   */
  readonly documents: readonly KnowledgeDocument[];
  readonly index: KnowledgeIndexFile;
  readonly encoded: EncodedIndex;
}

/**
 * The index file `npm run knowledge -- ingest` writes by default and the
 * local seed reads: `<data dir>/knowledge/<tenant>.json`.
 */
export const ingestedIndexFile = (dataDir: string, tenantId: string) =>
  join(dataDir, 'knowledge', `${tenantId}.json`);

/**
 * The knowledge to seed for a tenant: the operator-ingested index of
 * `dataDir` when there is a current one, else the tenant folder's
 * `knowledge/`; undefined when the folder has none. An ingested index of
 * another version is passed over with a warning (ingest it again).
 *
 * @throws ValidationError naming the file when the ingested index or an
 * article cannot be read, or when the folder holds no article.
 */
export async function readTenantKnowledge(
  dir: string,
  config: TenantConfig,
  dataDir?: string,
): Promise<TenantKnowledge | undefined> {
  const file = dataDir && ingestedIndexFile(dataDir, config.tenantId);
  const ingested = file ? await readIngestedIndex(file) : undefined;
  if (ingested) return ingested;

  const folder = join(dir, 'knowledge');
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) return undefined;
  const { documents, index, encoded } = await ingestPaths([folder], {
    baseUrl: config.knowledge.baseUrl,
  });
  return { source: 'folder', path: folder, documents, index, encoded };
}

/**
 * The index in `file`; undefined when there is no such file or it is of
 * another version than this code reads.
 */
async function readIngestedIndex(
  file: string,
): Promise<TenantKnowledge | undefined> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw new ValidationError(`Cannot read ${file}: ${reason(error)}`);
  });
  if (text === undefined) return undefined;
  try {
    const index = parseIndex(text, file);
    const encoded = encodeIndex(index);
    return { source: 'ingested', path: file, documents: [], index, encoded };
  } catch (error) {
    if (error instanceof KnowledgeIndexVersionError) {
      return passOver(file, error);
    }
    const problem =
      error instanceof SyntaxError
        ? `${file} is not valid JSON: ${error.message}; ingest it again`
        : reason(error);
    throw new ValidationError(
      `${problem} (or delete it to seed the tenant folder)`,
    );
  }
}

function passOver(file: string, error: KnowledgeIndexVersionError): undefined {
  logger.warn(
    'Ignored an ingested knowledge index of another version; seeding the ' +
      'tenant folder instead until it is ingested again',
    { file, index_version: error.version, index_tokenizer: error.tokenizer },
  );
  return undefined;
}

const reason = (error: unknown) =>
  error instanceof Error ? error.message : String(error);
