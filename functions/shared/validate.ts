import type * as z from 'zod';
import { ValidationError } from './errors';

/**
 * Parses `value` with `schema`, or throws a `ValidationError` whose message
 * names the first bad field (`what` says which input it was).
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;

  const issues = result.error.issues.map((issue) => ({
    path: issue.path.join('.') || '(root)',
    message: issue.message,
  }));
  const first = issues[0];
  const where = first && first.path !== '(root)' ? `${first.path}: ` : '';
  throw new ValidationError(
    `Invalid ${what}: ${where}${first?.message ?? 'unknown problem'}`,
    issues,
  );
}
