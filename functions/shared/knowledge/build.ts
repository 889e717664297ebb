import { ValidationError } from '../errors';
import { type Chunk, type ChunkOptions, chunkDocument } from './chunk';
import type { KnowledgeDocument } from './documents';
import {
  type FieldName,
  INDEX_FORMAT,
  INDEX_VERSION,
  type IndexedField,
  type KnowledgeIndexFile,
} from './index-format';
import { TOKENIZER_ID, tokenize } from './tokenize';

/** Chunks documents and indexes their passages. */
export function buildIndex(
  documents: readonly KnowledgeDocument[],
  options: ChunkOptions = {},
): KnowledgeIndexFile {
  const chunks = documents.flatMap((doc) => chunkDocument(doc, options));
  return indexChunks(documents, chunks);
}

/** Posting lists under construction: term → [unit, tf, unit, tf, …]. */
type Postings = Map<string, number[]>;

/**
 * Indexes passages that are already cut (in document order, as
 * `chunkDocument` returns them). Throws a `ValidationError` when two
 * documents share an id or a passage names no known document.
 */
export function indexChunks(
  documents: readonly KnowledgeDocument[],
  chunks: readonly Chunk[],
): KnowledgeIndexFile {
  const positions = documentPositions(documents);
  const postings = {
    title: new Map(),
    heading: new Map(),
    body: new Map(),
  } satisfies Record<FieldName, Postings>;
  const titleLengths = documents.map((doc, d) =>
    addUnit(postings.title, d, tokenize(doc.title)),
  );
  const titleTerms = documents.map((doc) => new Set(tokenize(doc.title)));
  const df = new Map<string, number>();
  const headingLengths: number[] = [];
  const bodyLengths: number[] = [];

  chunks.forEach((chunk, c) => {
    const d = positions.get(chunk.documentId);
    if (d === undefined) {
      throw new ValidationError(
        `Passage of unknown document ${chunk.documentId}`,
      );
    }
    const heading = tokenize(chunk.heading);
    const body = tokenize(chunk.body);
    headingLengths.push(addUnit(postings.heading, c, heading));
    bodyLengths.push(addUnit(postings.body, c, body));
    for (const term of new Set([
      ...heading,
      ...body,
      ...(titleTerms[d] ?? []),
    ])) {
      df.set(term, (df.get(term) ?? 0) + 1);
    }
  });

  const vocabulary = [...df.keys()].sort();
  return {
    format: INDEX_FORMAT,
    version: INDEX_VERSION,
    tokenizer: TOKENIZER_ID,
    documents: documents.map((doc) => ({
      id: doc.documentId,
      title: doc.title,
      ...(doc.url ? { url: doc.url } : {}),
    })),
    chunks: chunks.map((chunk) => ({
      d: positions.get(chunk.documentId) as number,
      h: chunk.heading,
      t: chunk.body,
    })),
    vocabulary,
    df: vocabulary.map((term) => df.get(term) ?? 0),
    fields: {
      title: field(vocabulary, titleLengths, postings.title),
      heading: field(vocabulary, headingLengths, postings.heading),
      body: field(vocabulary, bodyLengths, postings.body),
    },
  };
}

function documentPositions(
  documents: readonly KnowledgeDocument[],
): Map<string, number> {
  const positions = new Map<string, number>();
  documents.forEach((doc, d) => {
    if (positions.has(doc.documentId)) {
      throw new ValidationError(
        `Two documents have the id ${doc.documentId}; ids must be unique`,
      );
    }
    positions.set(doc.documentId, d);
  });
  return positions;
}

/** Adds one unit's term counts to a field; returns its token count. */
function addUnit(field: Postings, unit: number, tokens: readonly string[]) {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  for (const [term, tf] of counts) {
    const list = field.get(term);
    if (list) list.push(unit, tf);
    else field.set(term, [unit, tf]);
  }
  return tokens.length;
}

function field(
  vocabulary: readonly string[],
  lengths: number[],
  postings: Postings,
): IndexedField {
  return { lengths, postings: vocabulary.map((t) => gaps(postings.get(t))) };
}

/** Rewrites absolute unit positions as gaps from the previous one. */
function gaps(list: readonly number[] | undefined): number[] {
  if (!list) return [];
  const out = list.slice();
  for (let i = out.length - 2; i >= 2; i -= 2) {
    out[i] = (list[i] as number) - (list[i - 2] as number);
  }
  return out;
}
