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
  updateConversation,
} from '../shared/conversations';
import { InvariantError, UnauthorizedError } from '../shared/errors';
import {
  authorizationHeader,
  type HttpEvent,
  type HttpResult,
  json,
  jsonBody,
} from '../shared/http';
import { appendMessage, queryMessages } from '../shared/messages';
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
  let accepted: PostMessageResponse;
  if (!head) {
    accepted = await startConversation(ref, body, config);
  } else if (await isFirstMessageRetry(event, ref, head, body)) {
    accepted = await retryFirstMessage(ref, head, body, config);
  } else {
    accepted = await continueConversation(event, ref, head, body, config);
  }

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

/**
 * How long after a conversation starts its first message may be sent again
 * without a token, to get a new one.
 */
export const FIRST_MESSAGE_RETRY_MS = 10 * 60 * 1000;

/**
 * Whether the request repeats the conversation's first message without a
 * token: the answer that carried the token was lost (a network failure, or
 * a crash after the head was created), and the page sends the same message
 * id again. It must come from the same customer within
 * `FIRST_MESSAGE_RETRY_MS` of the start, and the conversation's first
 * stored message, if any, must have this message id. Only the caller of the
 * first attempt knows that id: it is never shown to anyone else.
 */
async function isFirstMessageRetry(
  event: HttpEvent,
  ref: ConversationRef,
  head: Conversation,
  body: PostMessageBody,
  now = new Date(),
): Promise<boolean> {
  if (authorizationHeader(event) !== undefined) return false;
  if (head.channel !== 'web' || head.customerId !== body.customerId) {
    return false;
  }
  const age = now.getTime() - Date.parse(head.createdAt);
  if (age > FIRST_MESSAGE_RETRY_MS) return false;
  const [first] = await queryMessages(ref, { limit: 1 });
  return first === undefined || first.messageId === body.messageId;
}

/**
 * Answers a repeated first message with a new customer token, replacing the
 * lost one's hash, and makes sure the message is stored and answered: the
 * first attempt may have failed after creating the head.
 */
async function retryFirstMessage(
  ref: ConversationRef,
  head: Conversation,
  body: PostMessageBody,
  config: TenantConfig,
): Promise<PostMessageResponse> {
  const customerToken = newBearerToken();
  const replaced = await updateConversation(
    ref,
    { customerTokenSha256: sha256Hex(customerToken) },
    {
      expression: 'customerTokenSha256 = :lost',
      values: { ':lost': head.customerTokenSha256 },
    },
  );
  if (!replaced) {
    throw new UnauthorizedError(
      'This first message was retried at the same time; send its customer ' +
        'token',
    );
  }
  logger.info('First message repeated without a token; issued a new one', {
    message_id: body.messageId,
  });

  const { sequence, duplicate } = await store(ref, body);
  await moveOn(ref, sequence, config);
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
