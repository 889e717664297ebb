import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A file to send as it is. */
export interface StaticFile {
  readonly contentType: string;
  readonly body: Buffer;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

/** Paths that show the web chat page and the agent console. */
const PAGES: Readonly<Record<string, string>> = {
  '/': 'index.html',
  '/chat': 'index.html',
  '/agent': 'agent.html',
};

/** Only plain names directly in the folder: no way out of it. */
const FILE_PATH = /^\/([a-z0-9][a-z0-9-]*\.(html|css|js|svg))$/;

/**
 * Reads the file `path` names in `dir`, or `undefined` when the path is not
 * a page or a plain file name, or the file does not exist.
 */
export async function findStaticFile(
  dir: string,
  path: string,
): Promise<StaticFile | undefined> {
  const name = PAGES[path] ?? FILE_PATH.exec(path)?.[1];
  if (!name) return undefined;
  const extension = name.slice(name.lastIndexOf('.') + 1);
  const contentType = CONTENT_TYPES[extension];
  if (!contentType) return undefined;

  try {
    return { contentType, body: await readFile(join(dir, name)) };
  } catch {
    return undefined;
  }
}

/** Headers for the page: it may load and call nothing but its own origin. */
export const STATIC_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'self'; base-uri 'none'; form-action 'none'; " +
    "frame-ancestors 'none'",
};
