import * as z from 'zod';
import { ChannelSchema } from './channel';
import {
  ConversationIdSchema,
  IsoDateSchema,
  MessageIdSchema,
  TenantIdSchema,
} from './ids';

/**
 * `customer` and `assistant` are the dialogue; `agent` is a human agent;
 * `system` tells the customer about the conversation itself (handoff,
 * closing); `note` is for the assistant only and never shown to the customer.
 */
export const SenderSchema = z.enum([
  'customer',
  'assistant',
  'agent',
  'system',
  'note',
]);
export type Sender = z.infer<typeof SenderSchema>;

export const CitationSchema = z.object({
  /** Passage id as retrieved. */
  id: z.string().min(1).max(200),
  title: z.string().max(300),
  url: z.string().max(2000).optional(),
});
export type Citation = z.infer<typeof CitationSchema>;

/** Longest message text accepted from a customer. */
export const MAX_MESSAGE_CHARS = 4000;

/** One stored message of the transcript, inbound or outbound. */
export const MessageSchema = z.object({
  tenantId: TenantIdSchema,
  conversationId: ConversationIdSchema,
  /** Position in the transcript, gap-free from 1. */
  sequence: z.number().int().min(1),
  /** Idempotency key: the channel's id inbound, derived from the turn outbound. */
  messageId: MessageIdSchema,
  direction: z.enum(['inbound', 'outbound']),
  sender: SenderSchema,
  channel: ChannelSchema,
  text: z.string().max(MAX_MESSAGE_CHARS * 4),
  at: IsoDateSchema,
  citations: z.array(CitationSchema).max(20).optional(),
  /** Set on replies written by the offline model of the local runtime. */
  offlineModel: z.boolean().optional(),
});
export type Message = z.infer<typeof MessageSchema>;
