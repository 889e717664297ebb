import * as z from 'zod';
import { CustomerIdSchema, MessageIdSchema } from './ids';
import { MAX_MESSAGE_CHARS } from './message';
import { PageQuerySchema } from './paging';

/** Control characters other than tab and newline are refused. */
const hasControlChars = (text: string): boolean =>
  [...text].some((ch) => {
    const code = ch.charCodeAt(0);
    return (code < 32 && ch !== '\n' && ch !== '\t') || code === 127;
  });

/** The text of a chat message: trimmed, not empty, no control characters. */
const MessageTextSchema = z
  .string()
  .trim()
  .min(1, { message: 'text must not be empty' })
  .max(MAX_MESSAGE_CHARS, {
    message: `text must be at most ${MAX_MESSAGE_CHARS} characters`,
  })
  .refine((t) => !hasControlChars(t), {
    message: 'text must not contain control characters',
  });

/** Body of `POST /tenants/{tenantId}/conversations/{conversationId}/messages`. */
export const PostMessageBodySchema = z.strictObject({
  messageId: MessageIdSchema,
  customerId: CustomerIdSchema,
  text: MessageTextSchema,
});
export type PostMessageBody = z.infer<typeof PostMessageBodySchema>;

/**
 * Body of `POST /tenants/{tenantId}/handoffs/{handoffId}/messages`: what an
 * agent writes to the customer, once per message id.
 */
export const AgentMessageBodySchema = z.strictObject({
  messageId: MessageIdSchema,
  text: MessageTextSchema,
});

export const PostMessageResponseSchema = z.object({
  conversationId: z.string(),
  sequence: z.number().int().min(1),
  /** Only on the conversation's first message: keep it, it is not shown again. */
  customerToken: z.string().optional(),
  duplicate: z.boolean(),
});

/** `?after=N` of `GET .../conversations/{conversationId}`. */
export const GetConversationQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
});

/** Body of `POST .../handoffs/{handoffId}/hand-back`. */
export const HandBackBodySchema = z.strictObject({
  note: z.string().trim().max(2000).default(''),
});

/** `?status=` of `GET /tenants/{tenantId}/handoffs`. */
export const ListHandoffsQuerySchema = z.strictObject({
  status: z
    .enum(['open', 'resolved', 'handed_back', 'expired'])
    .default('open'),
  ...PageQuerySchema.shape,
});
