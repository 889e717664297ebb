import * as z from 'zod';
import { CloseReasonSchema } from './conversation-closed';
import {
  ConversationIdSchema,
  CustomerRefSchema,
  IsoDateSchema,
  SegmentSchema,
  TenantIdSchema,
} from './ids';
import { SenderSchema } from './message';
import { PII_TYPES } from './pii';

/** One message as analytics reads it: personal data as placeholders. */
export const TranscriptEntrySchema = z.object({
  sequence: z.number().int().min(1),
  sender: SenderSchema,
  direction: z.enum(['inbound', 'outbound']),
  at: IsoDateSchema,
  /** The message text, redacted with the conversation's vault. */
  text: z.string(),
  /** Ids of the passages the message cited. */
  citationIds: z.array(z.string()).optional(),
});
export type TranscriptEntry = z.infer<typeof TranscriptEntrySchema>;

/**
 * The redacted transcript of a closed segment, stored on the Conversations
 * table (`TRANSCRIPT#<segment>`) for analytics: every message from the one
 * after the previous stored transcript up to the close. It holds no value
 * the PII detectors find: cards, IBANs, SSNs, National Insurance numbers,
 * emails, phones and street addresses are placeholders (`[CARD_1]`). The
 * customer is named by `customerRef` only, as in the closed event.
 */
export const ClosedTranscriptSchema = z.object({
  tenantId: TenantIdSchema,
  conversationId: ConversationIdSchema,
  segment: SegmentSchema,
  /** The customer, pseudonymous: see `CustomerRefSchema`. */
  customerRef: CustomerRefSchema,
  reason: CloseReasonSchema,
  closedAt: IsoDateSchema,
  /** The segment's first and last message, across all its parts. */
  fromSequence: z.number().int().min(1),
  toSequence: z.number().int().min(0),
  messages: z.array(TranscriptEntrySchema),
  /** Values replaced in this part's messages, by type: counts only. */
  redactions: z.partialRecord(z.enum(PII_TYPES), z.number().int().min(1)),
  /** This item's place among the segment's parts, from 1. */
  part: z.number().int().min(1),
  /**
   * Items the transcript takes: a long segment is split between messages
   * so that each item stays under DynamoDB's 400 KB; part 1 has the key
   * `TRANSCRIPT#<segment>`, part n `TRANSCRIPT#<segment>#<n>`.
   */
  parts: z.number().int().min(1),
});
export type ClosedTranscript = z.infer<typeof ClosedTranscriptSchema>;
