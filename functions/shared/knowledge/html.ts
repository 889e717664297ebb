import type { KnowledgeDocument } from './documents';

/**
 * Turns an HTML page into a document: scripts, styles and navigation are
 * dropped, `h1`–`h3` become markdown headings (so they become sections),
 * lists keep their bullets and the rest becomes paragraphs of plain text.
 * The title is the page's first `h1` (a `<title>` often carries the site's
 * name too), else its `<title>`, else `fallbackTitle`; the url is its
 * canonical link, if it declares one.
 *
 * A tolerant text extraction for help-centre pages, not a full HTML
 * parser: markup it does not know simply disappears.
 */
export function htmlDocument(
  html: string,
  documentId: string,
  fallbackTitle: string,
): KnowledgeDocument {
  const cleaned = html.replace(/<!--[\s\S]*?-->/g, ' ').replace(DROPPED, ' ');
  const title =
    textOf(/<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(cleaned)?.[1]) ||
    textOf(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(cleaned)?.[1]) ||
    fallbackTitle;
  const url = canonicalUrl(cleaned);
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(cleaned)?.[1] ?? cleaned;
  return {
    documentId,
    title,
    ...(url ? { url } : {}),
    content: toMarkdown(body.replace(/<head[^>]*>[\s\S]*?<\/head>/i, ' ')),
  };
}

/** Elements whose content is never knowledge. */
const DROPPED =
  /<(script|style|noscript|template|svg|iframe|nav)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

function canonicalUrl(html: string): string | undefined {
  for (const tag of html.match(/<(link|meta)\b[^>]*>/gi) ?? []) {
    const rel = attribute(tag, 'rel') ?? attribute(tag, 'property');
    const href = attribute(tag, 'href') ?? attribute(tag, 'content');
    if (href && (rel === 'canonical' || rel === 'og:url')) return href;
  }
  return undefined;
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(
    `\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`,
    'i',
  ).exec(tag);
  const value = match?.[1] ?? match?.[2] ?? match?.[3];
  return value === undefined ? undefined : decodeEntities(value).trim();
}

function toMarkdown(html: string): string {
  const marked = html
    .replace(/<h([1-3])[^>]*>([\s\S]*?)<\/h\1\s*>/gi, (_, level, inner) => {
      const text = textOf(inner);
      return text ? `\n\n${'#'.repeat(Number(level))} ${text}\n\n` : '\n\n';
    })
    .replace(/<h[4-6][^>]*>([\s\S]*?)<\/h[4-6]\s*>/gi, (_, inner) => {
      const text = textOf(inner);
      return text ? `\n\n**${text}**\n\n` : '\n\n';
    })
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(
      /<\/?(p|div|section|article|main|header|footer|ul|ol|table|tr|blockquote|pre|dl|dt|dd|figure|aside)\b[^>]*>/gi,
      '\n\n',
    )
    .replace(/<\/(td|th)\s*>/gi, ' ');
  const text = decodeEntities(marked.replace(/<[^>]+>/g, ''));
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^- *$/gm, '')
    .trim();
}

/** The text inside a fragment of markup, on one line. */
function textOf(fragment: string | undefined): string {
  if (!fragment) return '';
  return decodeEntities(fragment.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
  pound: '£',
};

/** Decodes numeric entities and the common named ones. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code) => {
    const lower = String(code).toLowerCase();
    if (lower.startsWith('#x'))
      return safeChar(Number.parseInt(lower.slice(2), 16), whole);
    if (lower.startsWith('#')) return safeChar(Number(lower.slice(1)), whole);
    return NAMED[lower] ?? whole;
  });
}

function safeChar(code: number, fallback: string): string {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff
    ? String.fromCodePoint(code)
    : fallback;
}
