import { GetConversationQuerySchema } from '../../schemas/chat-api';
import type { Message } from '../../schemas/message';
import { getConversation } from '../shared/conversations';
import { NotFoundError } from '../shared/errors';
import {
  bearerToken,
  type HttpEvent,
  type HttpResult,
  json,
} from '../shared/http';
import { messagePage } from '../shared/messages';
import { appendConversationKeys } from '../shared/observability';
import { parseOrThrow } from '../shared/validate';
import { authorizeCustomer, ConversationPathSchema } from './customer-auth';

/** Most messages one read returns; `nextAfter` tells where to go on. */
export const MAX_MESSAGES_PER_READ = 100;

/** A message as the customer sees it. */
export interface TranscriptEntry {
  readonly sequence: number;
  readonly role: Message['sender'];
  readonly text: string;
  readonly at: string;
  readonly citations?: Message['citations'];
  readonly offlineModel?: boolean;
}

/**
 * `GET /tenants/{tenantId}/conversations/{conversationId}?after=N`: the
 * conversation's status and the messages after sequence N, without the notes
 * meant for the assistant only. Without a token the answer is 401; an
 * unknown conversation is 404, which tells no more than a first message to
 * that id would (it succeeds only when the id is free).
 */
export async function readConversation(
  event: HttpEvent,
  params: Readonly<Record<string, string>>,
): Promise<HttpResult> {
  const ref = parseOrThrow(ConversationPathSchema, params, 'path');
  const query = event.queryStringParameters ?? {};
  const { after } = parseOrThrow(GetConversationQuerySchema, query, 'query');
  bearerToken(event);
  appendConversationKeys(ref);

  const head = await getConversation(ref);
  if (!head) {
    throw new NotFoundError(`Conversation ${ref.conversationId} not found`);
  }
  authorizeCustomer(event, head);
  const { messages, nextAfter } = await messagePage(
    ref,
    after,
    MAX_MESSAGES_PER_READ,
  );
  return json(200, {
    status: head.status,
    messages: messages.filter((m) => m.sender !== 'note').map(toEntry),
    ...(nextAfter !== undefined ? { nextAfter } : {}),
  });
}

function toEntry(message: Message): TranscriptEntry {
  return {
    sequence: message.sequence,
    role: message.sender,
    text: message.text,
    at: message.at,
    ...(message.citations?.length ? { citations: message.citations } : {}),
    ...(message.offlineModel ? { offlineModel: true } : {}),
  };
}
