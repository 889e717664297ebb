/** A knowledge document as stored for a tenant. */
export interface KnowledgeDocument {
  readonly documentId: string;
  readonly title: string;
  readonly url?: string;
  /** Markdown. */
  readonly content: string;
}

/** One section of a document: what is ranked and handed to the model. */
export interface Chunk {
  /** `<documentId>#<n>`, n counting from 1 within the document. */
  readonly id: string;
  readonly documentId: string;
  /** The document's title. */
  readonly title: string;
  /** The section's heading; empty for text before the first heading. */
  readonly heading: string;
  readonly url?: string;
  /** The section, starting with its heading line. */
  readonly text: string;
  /** The section without its heading line: what is ranked as body. */
  readonly body: string;
}

/** Longest chunk text; longer sections are split between paragraphs. */
export const MAX_CHUNK_CHARS = 2000;

const HEADING = /^#{1,6}\s+(.+?)\s*#*\s*$/;
const FENCE = /^\s*(```|~~~)/;

interface Section {
  heading: string;
  lines: string[];
}

/**
 * Splits a markdown document at its headings (not inside code fences).
 * Each chunk keeps its heading line, and the document title travels with
 * it, so a section reads on its own and ranks by both.
 */
export function chunkDocument(doc: KnowledgeDocument): Chunk[] {
  const pieces = sections(doc.content).flatMap((section) => {
    const body = section.lines.join('\n').trim();
    if (body === '') return [];
    // A top heading that repeats the title adds nothing to its section.
    const heading = section.heading === doc.title ? '' : section.heading;
    const head = heading ? `## ${heading}\n` : '';
    return splitLong(body, MAX_CHUNK_CHARS - head.length).map((part) => ({
      heading,
      text: head + part,
      body: part,
    }));
  });
  return pieces.map((piece, i) => ({
    id: `${doc.documentId}#${i + 1}`,
    documentId: doc.documentId,
    title: doc.title,
    heading: piece.heading,
    ...(doc.url ? { url: doc.url } : {}),
    text: piece.text,
    body: piece.body,
  }));
}

function sections(markdown: string): Section[] {
  const result: Section[] = [{ heading: '', lines: [] }];
  let fenced = false;
  for (const line of markdown.split(/\r?\n/)) {
    if (FENCE.test(line)) fenced = !fenced;
    const match = fenced ? null : HEADING.exec(line);
    if (match?.[1]) result.push({ heading: match[1], lines: [] });
    else result.at(-1)?.lines.push(line);
  }
  return result;
}

/** Splits text into parts of at most `limit` characters, at blank lines. */
function splitLong(text: string, limit: number): string[] {
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let current = '';
  for (const paragraph of text.split(/\n\s*\n/)) {
    for (const piece of hardSplit(paragraph.trim(), limit)) {
      if (current && current.length + piece.length + 2 > limit) {
        parts.push(current);
        current = '';
      }
      current = current ? `${current}\n\n${piece}` : piece;
    }
  }
  if (current) parts.push(current);
  return parts;
}

/** Cuts an over-long paragraph at the last space before the limit. */
function hardSplit(paragraph: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = paragraph;
  while (rest.length > limit) {
    const cut = rest.lastIndexOf(' ', limit);
    const at = cut > limit / 2 ? cut : limit;
    parts.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) parts.push(rest);
  return parts;
}
