import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import { ValidationError } from '../errors';
import {
  DocumentIdSchema,
  type KnowledgeDocument,
  markdownDocument,
  parseJsonDocuments,
} from './documents';
import { htmlDocument } from './html';

/**
 * Reading knowledge documents from files and folders, for the command
 * line, the benchmark and the deploy-time tenant assets function, which
 * unpacks a tenant's folder under `/tmp` first (never for a conversation
 * function).
 */

const KINDS = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.json': 'json',
} as const;
type Kind = (typeof KINDS)[keyof typeof KINDS];

export interface SourceFile {
  readonly path: string;
  readonly kind: Kind;
  /** Document id of a markdown or HTML file: its path under the folder. */
  readonly id: string;
}

export interface ReadOptions {
  /** Url of a markdown or HTML document without one: `baseUrl + id`. */
  readonly baseUrl?: string;
  /** Called as files are read, with the count so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * The supported files among `paths`, folders searched recursively (hidden
 * entries skipped), in a stable order. Throws a `ValidationError` for a
 * path that cannot be read or a file of another type named directly.
 */
export async function collectFiles(
  paths: readonly string[],
): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((error: unknown) => {
      throw new ValidationError(`Cannot read ${path}: ${reason(error)}`);
    });
    if (info.isDirectory()) {
      files.push(...(await walk(path, path)));
      continue;
    }
    const kind = kindOf(path);
    if (!kind) {
      throw new ValidationError(
        `${path}: unsupported file type; expected .md, .html, .htm or .json`,
      );
    }
    files.push({ path, kind, id: idOf(basename(path)) });
  }
  return files;
}

async function walk(root: string, dir: string): Promise<SourceFile[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(
    (error: unknown) => {
      throw new ValidationError(`Cannot read ${dir}: ${reason(error)}`);
    },
  );
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const files: SourceFile[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(root, path)));
    const kind = entry.isFile() ? kindOf(entry.name) : undefined;
    if (kind) files.push({ path, kind, id: idOf(relative(root, path)) });
  }
  return files;
}

const kindOf = (path: string): Kind | undefined =>
  KINDS[extname(path).toLowerCase() as keyof typeof KINDS];

/** `guides/Returns Policy.md` → `guides/Returns-Policy`. */
const idOf = (path: string) =>
  path
    .slice(0, path.length - extname(path).length)
    .split(sep)
    .join('/')
    .replace(/\s+/g, '-')
    .replace(/]/g, ')');

/** `guides/returns-policy` → `Returns policy`. */
const titleOf = (id: string) => {
  const words = (id.split('/').at(-1) ?? id).replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * Reads the files as documents. Throws a `ValidationError` naming the file
 * that cannot be read or parsed, or two sources of the same document id.
 */
export async function readDocuments(
  files: readonly SourceFile[],
  options: ReadOptions = {},
): Promise<KnowledgeDocument[]> {
  const documents: KnowledgeDocument[] = [];
  const sources = new Map<string, string>();
  for (let start = 0; start < files.length; start += READ_BATCH) {
    const batch = files.slice(start, start + READ_BATCH);
    const read = await Promise.all(
      batch.map((file) => readOne(file, options.baseUrl)),
    );
    read.forEach((docs, i) => {
      const path = (batch[i] as SourceFile).path;
      for (const doc of docs) {
        const earlier = sources.get(doc.documentId);
        if (earlier) {
          throw new ValidationError(
            `${path}: document id ${doc.documentId} is already used by ${earlier}`,
          );
        }
        sources.set(doc.documentId, path);
        documents.push(doc);
      }
    });
    options.onProgress?.(start + batch.length, files.length);
  }
  return documents;
}

/** Files read at the same time. */
const READ_BATCH = 50;

async function readOne(
  file: SourceFile,
  baseUrl: string | undefined,
): Promise<KnowledgeDocument[]> {
  const text = await readFile(file.path, 'utf8').catch((error: unknown) => {
    throw new ValidationError(`Cannot read ${file.path}: ${reason(error)}`);
  });
  if (file.kind === 'json') return parseJsonDocuments(text, file.path);

  if (!DocumentIdSchema.safeParse(file.id).success) {
    throw new ValidationError(
      `${file.path}: its path gives the document id "${file.id}", which ` +
        'must be 1 to 180 characters; rename or move the file',
    );
  }
  const doc =
    file.kind === 'html'
      ? htmlDocument(text, file.id, titleOf(file.id))
      : markdownDocument(text, file.id, titleOf(file.id));
  const url = doc.url ?? (baseUrl ? `${baseUrl}${file.id}` : undefined);
  return [{ ...doc, ...(url ? { url } : {}) }];
}

function reason(error: unknown): string {
  const code = (error as { code?: string }).code;
  const known: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
  };
  if (code && known[code]) return known[code];
  return error instanceof Error ? error.message : String(error);
}
