import { SendTaskHeartbeatCommand } from '@aws-sdk/client-sfn';
import {
  AgentMessageBodySchema,
  GetConversationQuerySchema,
} from '../../schemas/chat-api';
import type { Message } from '../../schemas/message';
import { sfn } from '../shared/clients/sfn';
import { NotFoundError } from '../shared/errors';
import { getHandoff } from '../shared/handoffs';
import {
  type HttpEvent,
  type HttpResult,
  json,
  jsonBody,
} from '../shared/http';
import { derivedMessageId } from '../shared/message-ids';
import { appendMessage, messagePage } from '../shared/messages';
import { appendConversationKeys, logger } from '../shared/observability';
import { parseOrThrow } from '../shared/validate';
import { authorizeAgent } from './agent-auth';
import {
  conversationOf,
  HandoffPathSchema,
  loadOpenHandoff,
  signalTask,
  toView,
} from './handoff-access';

type Params = Readonly<Record<string, string>>;

/** Most messages one read returns; `nextAfter` tells where to go on. */
export const MAX_AGENT_READ = 100;

/** A message as an agent reads it: notes for the assistant included. */
interface AgentTranscriptEntry {
  readonly sequence: number;
  readonly role: Message['sender'];
  readonly text: string;
  readonly at: string;
}

/**
 * `GET .../handoffs/{handoffId}/messages?after=N`: the handoff and its
 * conversation's messages after sequence N, oldest first, at most
 * `MAX_AGENT_READ`, with `nextAfter` while there are more. The agent reads
 * everything the customer and the assistant wrote, and the notes left for
 * the assistant.
 */
export async function readHandoffMessages(
  event: HttpEvent,
  params: Params,
): Promise<HttpResult> {
  await authorizeAgent(event, params.tenantId);
  const path = parseOrThrow(HandoffPathSchema, params, 'path');
  const query = event.queryStringParameters ?? {};
  const { after } = parseOrThrow(GetConversationQuerySchema, query, 'query');
  appendConversationKeys(path);

  const stored = await getHandoff(path.tenantId, path.handoffId);
  if (!stored) throw new NotFoundError(`Handoff ${path.handoffId} not found`);
  const { handoff } = stored;
  const ref = {
    tenantId: handoff.tenantId,
    conversationId: handoff.conversationId,
  };
  const { messages, nextAfter } = await messagePage(ref, after, MAX_AGENT_READ);
  return json(200, {
    handoff: toView(handoff),
    messages: messages.map(toEntry),
    ...(nextAfter !== undefined ? { nextAfter } : {}),
  });
}

/**
 * `POST .../handoffs/{handoffId}/messages` with `{ messageId, text }`: the
 * agent writes to the customer while the handoff is open. The message is
 * stored once per message id and shows in the customer's transcript (web
 * chat reads it there); it also tells the workflow the agent is still on
 * it, as a heartbeat does. 409 once the handoff is decided or expired.
 */
export async function postHandoffMessage(
  event: HttpEvent,
  params: Params,
): Promise<HttpResult> {
  const agent = await authorizeAgent(event, params.tenantId);
  const path = parseOrThrow(HandoffPathSchema, params, 'path');
  const body = parseOrThrow(AgentMessageBodySchema, jsonBody(event), 'message');
  appendConversationKeys(path);

  const { handoff, taskToken } = await loadOpenHandoff(
    path.tenantId,
    path.handoffId,
  );
  const { ref, head } = await conversationOf(handoff);
  // The wait first: a message to a handoff that already expired is refused
  // rather than shown to a customer nobody is with.
  await signalTask(handoff, () =>
    sfn.send(new SendTaskHeartbeatCommand({ taskToken })),
  );
  const { sequence, duplicate } = await appendMessage({
    ...ref,
    // Agents' ids apart from customers', which share the conversation.
    messageId: derivedMessageId('agent-', body.messageId),
    direction: 'outbound',
    sender: 'agent',
    channel: head.channel,
    text: body.text,
  });
  logger.info('Agent message stored', {
    handoff_id: handoff.handoffId,
    agent_id: agent.agentId,
    sequence,
    duplicate,
    text_length: body.text.length,
  });
  return json(202, { sequence, duplicate });
}

function toEntry(message: Message): AgentTranscriptEntry {
  return {
    sequence: message.sequence,
    role: message.sender,
    text: message.text,
    at: message.at,
  };
}
