import { ValidationError } from '../errors';
import { buildIndex } from './build';
import type { ChunkOptions } from './chunk';
import type { KnowledgeDocument } from './documents';
import { collectFiles, type ReadOptions, readDocuments } from './files';
import {
  type EncodedIndex,
  encodeIndex,
  type KnowledgeIndexFile,
} from './index-format';

export interface IngestSummary {
  readonly files: number;
  readonly documents: number;
  readonly chunks: number;
  /** Size of the JSON index. */
  readonly bytes: number;
  /** Size of the gzipped index, as stored on the Tenants table. */
  readonly storedBytes: number;
  readonly ms: number;
}

export interface Ingested {
  /** The documents read, in index order. */
  readonly documents: readonly KnowledgeDocument[];
  readonly index: KnowledgeIndexFile;
  readonly encoded: EncodedIndex;
  readonly summary: IngestSummary;
}

/**
 * Reads markdown, HTML and JSON documents from files and folders and
 * builds their index. Throws a `ValidationError` when a file cannot be
 * read or parsed, or when there is nothing to index.
 */
export async function ingestPaths(
  paths: readonly string[],
  options: ReadOptions & ChunkOptions = {},
): Promise<Ingested> {
  const started = performance.now();
  if (paths.length === 0) {
    throw new ValidationError('Name at least one file or folder to ingest');
  }
  const files = await collectFiles(paths);
  if (files.length === 0) {
    throw new ValidationError(
      `No .md, .html, .htm or .json files in ${paths.join(', ')}`,
    );
  }
  const documents = await readDocuments(files, options);
  return indexDocuments(documents, options, { files: files.length, started });
}

/** Builds and encodes the index of documents already read. */
export function indexDocuments(
  documents: readonly KnowledgeDocument[],
  options: ChunkOptions = {},
  from: { files?: number; started?: number } = {},
): Ingested {
  const started = from.started ?? performance.now();
  if (documents.length === 0) {
    throw new ValidationError('There are no documents to index');
  }
  const index = buildIndex(documents, options);
  const encoded = encodeIndex(index);
  return {
    documents,
    index,
    encoded,
    summary: {
      files: from.files ?? documents.length,
      documents: documents.length,
      chunks: index.chunks.length,
      bytes: encoded.json.length,
      storedBytes: encoded.gzip.length,
      ms: Math.round(performance.now() - started),
    },
  };
}
