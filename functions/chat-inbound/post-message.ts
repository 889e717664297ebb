import type * as z from 'zod';
import {
  type PostMessageBody,
  PostMessageBodySchema,
  type PostMessageResponseSchema,
} from '../../schemas/chat-api';
import type { Conversation } from '../../schemas/conversation';
import type { TenantConfig } from '../../schemas/tenant-config';
import {
  type ConversationRef,
  createConversation,
  getConversation,
} from '../shared/conversations';
import { InvariantError, UnauthorizedError } from '../shared/errors';
import {
  type HttpEvent,
  type HttpResult,
  json,
  jsonBody,
} from '../shared/http';
import { appendMessage } from '../shared/messages';
import { appendConversationKeys, logger } from '../shared/observability';
import { newBearerToken, sha256Hex } from '../shared/secrets';
import { getTenantConfig } from '../shared/tenants';
import { parseOrThrow } from '../shared/validate';
import { reopen, startSegment, wakeIfWaiting } from '../shared/workflow';
import { authorizeCustomer, ConversationPathSchema } from './customer-auth';

type PostMessageResponse = z.infer<typeof PostMessageResponseSchema>;

/**
 * `POST /tenants/{tenantId}/conversations/{conversationId}/messages`: stores
 * a customer's web chat message once per message id and makes sure the
 * conversation's workflow will answer it.
 */
export async function postMessage(
  event: HttpEvent,
  params: Readonly<Record<string, string>>,
): Promise<HttpResult> {
  const ref = parseOrThrow(ConversationPathSchema, params, 'path');
  const body = parseOrThrow(PostMessageBodySchema, jsonBody(event), 'message');
  appendConversationKeys(ref);
  const config = await getTenantConfig(ref.tenantId);

  const head = await getConversation(ref);
  const accepted = head
    ? await continueConversation(event, ref, head, body, config)
    : await startConversation(ref, body, config);

  logger.info('Customer message accepted', {
    message_id: body.messageId,
    sequence: accepted.sequence,
    duplicate: accepted.duplicate,
    text_length: body.text.length,
  });
  return json(202, accepted);
}

/**
 * First message: the head is created with the hash of a new customer token,
 * which the response returns once. Losing the creation race to another first
 * message means the conversation is not this caller's.
 *
 * TODO(chat-inbound): when the answer to a first message is lost (network
 * or a crash after the head was created), its retry gets 401, because only
 * the token's hash is kept; the page then starts a new conversation, and a
 * message stored before a crash waits for no execution. Recognising the
 * retry by message id and customer id and issuing a fresh token (replacing
 * the hash) would close this, at the price of trusting whoever knows both.
 */
async function startConversation(
  ref: ConversationRef,
  body: PostMessageBody,
  config: TenantConfig,
): Promise<PostMessageResponse> {
  const customerToken = newBearerToken();
  const created = await createConversation({
    ...ref,
    customerId: body.customerId,
    channel: 'web',
    customerTokenSha256: sha256Hex(customerToken),
  });
  if (!created) {
    throw new UnauthorizedError(
      'This conversation already exists; send its customer token',
    );
  }

  const { sequence, duplicate } = await store(ref, body);
  await startSegment(ref, 1, config);
  return {
    conversationId: ref.conversationId,
    sequence,
    duplicate,
    customerToken,
  };
}

/** A later message: checked against the head before anything is stored. */
async function continueConversation(
  event: HttpEvent,
  ref: ConversationRef,
  head: Conversation,
  body: PostMessageBody,
  config: TenantConfig,
): Promise<PostMessageResponse> {
  authorizeCustomer(event, head);
  if (head.customerId !== body.customerId) {
    throw new UnauthorizedError(
      'customerId does not match the customer of this conversation',
    );
  }

  const { sequence, duplicate } = await store(ref, body);
  await moveOn(ref, sequence, config);
  return { conversationId: ref.conversationId, sequence, duplicate };
}

const store = (ref: ConversationRef, body: PostMessageBody) =>
  appendMessage({
    ...ref,
    messageId: body.messageId,
    direction: 'inbound',
    sender: 'customer',
    channel: 'web',
    text: body.text,
  });

/**
 * Makes sure a workflow will answer the message at `sequence`. The head is
 * read again after the message is stored: a workflow that parks later finds
 * the message itself, one parked earlier is woken here, and the conditional
 * claim of the wait token lets only one of the two complete the wait.
 */
async function moveOn(
  ref: ConversationRef,
  sequence: number,
  config: TenantConfig,
): Promise<void> {
  const head = await getConversation(ref);
  if (!head) {
    throw new InvariantError(`Conversation ${ref.conversationId} vanished`);
  }
  // A repeated message a delivered reply already answered needs nothing.
  if (sequence <= head.lastAnswered) return;

  if (head.status === 'closed') {
    await reopen(ref, head.segment, config);
    return;
  }
  if (await wakeIfWaiting(ref, head.waitToken, sequence)) return;
  // Busy (or the wait just ended): the message stays queued for the next
  // wait; starting the segment again is a no-op that guarantees it runs.
  await startSegment(ref, head.segment, config);
}
