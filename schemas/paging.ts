import * as z from 'zod';

/** Items a list route returns at most per page. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;

/**
 * Query parameters of a paged list: `limit` items per page (text, as query
 * strings are) and the `nextToken` an earlier page returned.
 */
export const PageQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE),
  nextToken: z
    .string()
    .max(2048)
    .regex(/^[A-Za-z0-9_-]+$/, { message: 'is not a token a page returned' })
    .optional(),
});

/**
 * Where a page of a status index ended: the key DynamoDB returns as
 * `LastEvaluatedKey`, which a `nextToken` carries.
 */
export const PageKeySchema = z.strictObject({
  pk: z.string().min(1).max(1024),
  sk: z.string().min(1).max(1024),
  gsi1pk: z.string().min(1).max(1024),
  gsi1sk: z.string().min(1).max(1024),
});
export type PageKey = z.infer<typeof PageKeySchema>;
