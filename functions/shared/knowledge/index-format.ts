import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { InvariantError } from '../errors';
import { KnowledgeIndexVersionError } from './errors';
import { TOKENIZER_ID } from './tokenize';

/**
 * The knowledge index artifact of a tenant, version 1: one JSON document
 * holding everything the ranking needs, so a function loads it with one
 * parse and builds nothing.
 *
 * - `documents`: id, title and url of each document; passages refer to
 *   them by position.
 * - `chunks`: each passage's document (position), heading path and body.
 *   A passage's number within its document is its rank among that
 *   document's chunks, which are stored in order.
 * - `vocabulary`: every term (tokenizer output), sorted; `df[i]` is the
 *   number of passages holding term i in any field.
 * - `fields.title` ranges over documents; `fields.heading` and
 *   `fields.body` over passages. Each has the token count of every unit
 *   (`lengths`) and, per vocabulary term, a posting list
 *   `[gap, tf, gap, tf, …]` where gap is the distance from the previous
 *   unit holding the term (the first gap is the unit's position).
 *
 * Field weights and BM25 parameters are applied at query time, so tuning
 * them needs no rebuild; a new tokenizer does (`tokenizer`).
 */
export interface KnowledgeIndexFile {
  readonly format: typeof INDEX_FORMAT;
  readonly version: typeof INDEX_VERSION;
  readonly tokenizer: string;
  readonly documents: readonly IndexedDocument[];
  readonly chunks: readonly IndexedChunk[];
  readonly vocabulary: readonly string[];
  readonly df: readonly number[];
  readonly fields: Readonly<Record<FieldName, IndexedField>>;
}

export interface IndexedDocument {
  readonly id: string;
  readonly title: string;
  readonly url?: string;
}

export interface IndexedChunk {
  /** Position of the chunk's document in `documents`. */
  readonly d: number;
  /** Heading path; see `Chunk.heading`. */
  readonly h: string;
  /** Body text. */
  readonly t: string;
}

export interface IndexedField {
  readonly lengths: readonly number[];
  readonly postings: readonly (readonly number[])[];
}

export const FIELDS = ['title', 'heading', 'body'] as const;
export type FieldName = (typeof FIELDS)[number];

export const INDEX_FORMAT = 'frontline-knowledge-index';
/** Raise it with any change to the layout above (see `INDEX_FORMAT_ID`). */
export const INDEX_VERSION = 1;

/**
 * Everything an index must match to be read by this code: format, version
 * and tokenizer. The deployment hands it to each tenant's assets resource,
 * so an upgrade that changes it rebuilds the stored indexes.
 */
export const INDEX_FORMAT_ID = `${INDEX_FORMAT}/${INDEX_VERSION}/${TOKENIZER_ID}`;

/**
 * True when this code reads an index of this version and tokenizer; an
 * unrecorded tokenizer is taken to be the current one (the index itself
 * is checked when it is parsed).
 */
export const isReadableIndex = (header: {
  readonly version: number;
  readonly tokenizer?: string;
}): boolean =>
  header.version === INDEX_VERSION &&
  (header.tokenizer ?? TOKENIZER_ID) === TOKENIZER_ID;

/** An index serialised for storage, with its identity. */
export interface EncodedIndex {
  /** The JSON text, UTF-8. */
  readonly json: Buffer;
  /** `json` gzipped: what the Tenants table holds. */
  readonly gzip: Buffer;
  /** SHA-256 of `json`, hex: changes exactly when the index does. */
  readonly hash: string;
}

export function encodeIndex(index: KnowledgeIndexFile): EncodedIndex {
  const json = Buffer.from(JSON.stringify(index));
  return {
    json,
    gzip: gzipSync(json),
    hash: sha256(json),
  };
}

export const sha256 = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex');

/** Gunzips stored bytes and checks them against the expected hash. */
export function decodeStoredIndex(
  gzip: Uint8Array,
  hash: string,
): KnowledgeIndexFile {
  const json = gunzipSync(gzip);
  if (sha256(json) !== hash) {
    throw new InvariantError('Knowledge index does not match its hash');
  }
  return parseIndex(json.toString('utf8'), 'stored knowledge index');
}

/**
 * Parses and checks an index's header and shape (not every posting: a
 * hash guards stored copies). Throws a `KnowledgeIndexVersionError` for
 * another version or tokenizer, and an `InvariantError` for another
 * format or a broken shape.
 */
export function parseIndex(text: string, source: string): KnowledgeIndexFile {
  const index = JSON.parse(text) as Partial<KnowledgeIndexFile>;
  if (index.format !== INDEX_FORMAT) {
    throw new InvariantError(
      `${source}: not a knowledge index; ingest it again`,
    );
  }
  const stale = versionProblem(index);
  if (stale) {
    throw new KnowledgeIndexVersionError(
      `${source}: ${stale}; ingest it again`,
      index.version,
      index.tokenizer,
    );
  }
  const problem = shapeProblem(index);
  if (problem) {
    throw new InvariantError(`${source}: ${problem}; ingest it again`);
  }
  return index as KnowledgeIndexFile;
}

function versionProblem(
  index: Partial<KnowledgeIndexFile>,
): string | undefined {
  if (index.version !== INDEX_VERSION) {
    return `index version ${index.version} is not ${INDEX_VERSION}`;
  }
  if (index.tokenizer !== TOKENIZER_ID) {
    return `tokenizer ${index.tokenizer} is not ${TOKENIZER_ID}`;
  }
  return undefined;
}

function shapeProblem(index: Partial<KnowledgeIndexFile>): string | undefined {
  const { documents, chunks, vocabulary, df, fields } = index;
  if (!documents || !chunks || !vocabulary || !df || !fields) {
    return 'a section is missing';
  }
  const units = { title: documents.length, heading: chunks.length };
  for (const name of FIELDS) {
    const field = fields[name];
    const count = name === 'title' ? units.title : units.heading;
    if (field?.lengths.length !== count) return `${name} lengths do not fit`;
    if (field.postings.length !== vocabulary.length) {
      return `${name} postings do not fit the vocabulary`;
    }
  }
  return df.length === vocabulary.length ? undefined : 'df does not fit';
}
