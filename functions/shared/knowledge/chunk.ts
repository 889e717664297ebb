import type { KnowledgeDocument } from './documents';

/** One passage of a document: what is ranked and handed to the model. */
export interface Chunk {
  readonly documentId: string;
  /** Position within the document, from 1: the passage id is `id#n`. */
  readonly n: number;
  /**
   * The headings above the passage, outermost first, joined by " > "
   * (h1–h3, without a top heading that repeats the title); empty for text
   * before the first heading.
   */
  readonly heading: string;
  /** The passage's text, without its headings. */
  readonly body: string;
}

export interface ChunkOptions {
  /**
   * Length a passage body aims for; longer sections are split between
   * paragraphs, then lines, then sentences.
   * @default 800
   */
  readonly targetChars?: number;
  /**
   * Longest text carried over from the end of one part of a split section
   * to the start of the next (its last paragraph or sentence), so a
   * statement cut in two still reads whole in one of them.
   * @default 300
   */
  readonly overlapChars?: number;
}

const HEADING = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/;
const FENCE = /^\s*(```|~~~)/;
/** Deeper headings stay inside their section's text. */
const SECTION_DEPTH = 3;

interface Section {
  readonly path: readonly string[];
  readonly lines: string[];
}

/**
 * Splits a markdown document into passages: one per section (h1–h3, not
 * inside code fences), long sections cut near `targetChars` with an
 * overlap. Each passage keeps its heading path; the title and url stay on
 * the document.
 */
export function chunkDocument(
  doc: KnowledgeDocument,
  options: ChunkOptions = {},
): Chunk[] {
  const target = options.targetChars ?? 800;
  const overlap = options.overlapChars ?? 300;
  const pieces = sections(doc.content, doc.title).flatMap((section) => {
    const text = section.lines.join('\n').trim();
    if (text === '') return [];
    const heading = section.path.join(' > ');
    return splitSection(text, target, overlap).map((body) => ({
      heading,
      body,
    }));
  });
  return pieces.map((piece, i) => ({
    documentId: doc.documentId,
    n: i + 1,
    ...piece,
  }));
}

/** The passage text handed to the model: heading line, then body. */
export const chunkText = (chunk: Pick<Chunk, 'heading' | 'body'>): string =>
  chunk.heading ? `## ${chunk.heading}\n${chunk.body}` : chunk.body;

function sections(markdown: string, title: string): Section[] {
  const result: Section[] = [{ path: [], lines: [] }];
  const open: string[] = [];
  let fenced = false;
  for (const line of markdown.split(/\r?\n/)) {
    if (FENCE.test(line)) fenced = !fenced;
    const match = fenced ? null : HEADING.exec(line);
    const depth = match?.[1]?.length ?? 0;
    if (!match?.[2] || depth > SECTION_DEPTH) {
      result.at(-1)?.lines.push(line);
      continue;
    }
    const repeatsTitle =
      depth === 1 && match[2].toLowerCase() === title.toLowerCase();
    open.length = depth - 1;
    open[depth - 1] = repeatsTitle ? '' : match[2];
    result.push({
      path: open.filter((h) => h !== undefined && h !== ''),
      lines: [],
    });
  }
  return result;
}

/** A piece of a section, and what joins it to the piece before. */
interface Unit {
  readonly text: string;
  readonly glue: '\n\n' | '\n' | ' ';
}

/** Cuts a section into parts near `target` characters, with overlap. */
export function splitSection(
  text: string,
  target: number,
  overlap: number,
): string[] {
  if (text.length <= target * 1.25) return [text];
  const units = paragraphs(text).flatMap((p) => fitParagraph(p, target));
  const parts: Unit[][] = [];
  let current: Unit[] = [];
  let length = 0;
  for (const unit of units) {
    if (current.length > 0 && length + unit.text.length > target) {
      parts.push(current);
      const carried = carry(current, overlap);
      current = carried ? [carried] : [];
      length = carried?.text.length ?? 0;
    }
    current.push(unit);
    length += unit.text.length + unit.glue.length;
  }
  if (current.length > 0) parts.push(current);
  return parts.map((part) =>
    part.map((u, i) => (i === 0 ? u.text : u.glue + u.text)).join(''),
  );
}

/** The end of a finished part that starts the next one, if short enough. */
function carry(part: readonly Unit[], overlap: number): Unit | undefined {
  const last = part.at(-1);
  if (!last) return undefined;
  if (last.text.length <= overlap) return last;
  const sentence = sentencesOf(last.text).at(-1) ?? '';
  return sentence.length <= overlap ? { text: sentence, glue: ' ' } : undefined;
}

const paragraphs = (text: string) =>
  text
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

/** Breaks a paragraph longer than `target` at lines, sentences, spaces. */
function fitParagraph(paragraph: string, target: number): Unit[] {
  if (paragraph.length <= target) return [{ text: paragraph, glue: '\n\n' }];
  const lines = paragraph.split('\n');
  const multiline = lines.length > 1;
  const pieces = multiline ? groupLines(lines, target) : sentencesOf(paragraph);
  if (pieces.length <= 1) {
    return hardSplit(paragraph, target).map((text, i) => ({
      text,
      glue: i === 0 ? '\n\n' : ' ',
    }));
  }
  const glue = multiline ? '\n' : ' ';
  return pieces.flatMap((piece, i) =>
    fitParagraph(piece, target).map((unit, j) =>
      j === 0 ? { text: unit.text, glue: i === 0 ? '\n\n' : glue } : unit,
    ),
  );
}

/** Joins consecutive lines (list items) up to `target` characters. */
function groupLines(lines: readonly string[], target: number): string[] {
  const groups: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + line.length + 1 > target) {
      groups.push(current);
      current = line;
    } else current = current ? `${current}\n${line}` : line;
  }
  if (current) groups.push(current);
  return groups;
}

function sentencesOf(text: string): string[] {
  return (text.match(/[^.!?]+(?:[.!?]+["')\]]*|$)\s*/g) ?? [text])
    .map((s) => s.trim())
    .filter(Boolean);
}

function hardSplit(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = rest.lastIndexOf(' ', limit);
    const at = cut > limit / 2 ? cut : limit;
    parts.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) parts.push(rest);
  return parts;
}
