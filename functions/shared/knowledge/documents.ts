import * as z from 'zod';
import { ValidationError } from '../errors';

/** A knowledge document of a tenant, whatever format it came in. */
export interface KnowledgeDocument {
  /** Ends up in citation markers `[[id#n]]`: no whitespace, no `]`. */
  readonly documentId: string;
  readonly title: string;
  readonly url?: string;
  /** Markdown. */
  readonly content: string;
}

/** A document id that citation markers can carry. */
export const DocumentIdSchema = z.string().regex(/^[^\s\]]{1,180}$/, {
  message: 'must be 1 to 180 characters without whitespace or "]"',
});

/**
 * A knowledge document item of the Tenants table (`pk` `T#<tenantId>`, `sk`
 * `DOC#<documentId>`).
 */
export const KnowledgeDocumentSchema = z.object({
  documentId: DocumentIdSchema,
  title: z.string().min(1).max(300),
  url: z.string().max(2000).optional(),
  content: z.string(),
});

/** A document in a JSON file: `{ id, title, content, url? }`. */
export const JsonDocumentSchema = z.object({
  id: DocumentIdSchema,
  title: z.string().min(1).max(300),
  content: z.string(),
  url: z.string().max(2000).optional(),
});

/**
 * Reads a JSON file holding one document or an array of them. Throws a
 * `ValidationError` naming the file and the bad field.
 */
export function parseJsonDocuments(
  text: string,
  source: string,
): KnowledgeDocument[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ValidationError(`${source} is not valid JSON: ${reason}`);
  }
  const list = Array.isArray(json) ? json : [json];
  return list.map((item, i) => {
    const parsed = JsonDocumentSchema.safeParse(item);
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      const at = [...(Array.isArray(json) ? [i] : []), ...(issue?.path ?? [])];
      const where = at.length > 0 ? `${at.join('.')}: ` : '';
      throw new ValidationError(
        `${source}: ${where}${issue?.message ?? 'not a document'} ` +
          '(a document is { id, title, content, url? })',
      );
    }
    const { id, title, content, url } = parsed.data;
    return { documentId: id, title, content, ...(url ? { url } : {}) };
  });
}

/**
 * A markdown file as a document: the title is its first `# ` heading, or
 * `fallbackTitle` when it has none.
 */
export function markdownDocument(
  content: string,
  documentId: string,
  fallbackTitle: string,
): KnowledgeDocument {
  const heading = /^#[ \t]+(.+?)[ \t#]*$/m.exec(content);
  return {
    documentId,
    title: heading?.[1]?.trim() || fallbackTitle,
    content: content.trim(),
  };
}
