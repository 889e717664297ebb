import {
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
} from '@aws-sdk/client-sfn';
import { HandBackBodySchema } from '../../schemas/chat-api';
import type { Handoff, HandoffDecision } from '../../schemas/handoff';
import { sfn } from '../shared/clients/sfn';
import {
  getConversation,
  markAnswered,
  updateConversation,
} from '../shared/conversations';
import {
  type HttpEvent,
  type HttpResult,
  json,
  jsonBody,
} from '../shared/http';
import { derivedMessageId } from '../shared/message-ids';
import { appendMessage } from '../shared/messages';
import { appendConversationKeys } from '../shared/observability';
import { parseOrThrow } from '../shared/validate';
import { authorizeAgent } from './agent-auth';
import {
  claimForDecision,
  conversationOf,
  HandoffPathSchema,
  loadOpenHandoff,
  settle,
  signalTask,
  toView,
} from './handoff-access';

type Params = Readonly<Record<string, string>>;

/** `POST .../handoffs/{handoffId}/resolve`: the agent solved it; it closes. */
export async function resolveHandoff(
  event: HttpEvent,
  params: Params,
): Promise<HttpResult> {
  const { agentId } = await authorizeAgent(event, params.tenantId);
  const path = parseOrThrow(HandoffPathSchema, params, 'path');
  appendConversationKeys(path);
  const { handoff, taskToken } = await loadOpenHandoff(
    path.tenantId,
    path.handoffId,
  );

  await claimForDecision(handoff, 'resolved', agentId);
  await markHandledByAgent(handoff);
  await signalTask(handoff, () => decide(taskToken, handoff, 'resolved'), {
    claimed: true,
  });
  const decided = await settle(handoff, 'resolved', { agentId });
  return json(200, { handoff: toView(decided) });
}

/**
 * `POST .../handoffs/{handoffId}/hand-back`: the assistant takes over again,
 * with the agent's note (for the assistant only) in the transcript.
 */
export async function handBackHandoff(
  event: HttpEvent,
  params: Params,
): Promise<HttpResult> {
  const { agentId } = await authorizeAgent(event, params.tenantId);
  const path = parseOrThrow(HandoffPathSchema, params, 'path');
  const body = event.body?.trim() ? jsonBody(event) : {};
  const { note } = parseOrThrow(HandBackBodySchema, body, 'hand-back');
  appendConversationKeys(path);
  const { handoff, taskToken } = await loadOpenHandoff(
    path.tenantId,
    path.handoffId,
  );

  await claimForDecision(handoff, 'handed_back', agentId);
  // Stored before the workflow moves on, so its next turn reads the note.
  if (note !== '') await appendNote(handoff, note);
  await signalTask(handoff, () => decide(taskToken, handoff, 'handed_back'), {
    claimed: true,
  });
  const decided = await settle(handoff, 'handed_back', {
    agentId,
    ...(note !== '' ? { note } : {}),
  });
  await updateConversation(
    { tenantId: handoff.tenantId, conversationId: handoff.conversationId },
    { status: 'active' },
    {
      expression: '#seg = :seg',
      values: { ':seg': handoff.segment },
      names: { '#seg': 'segment' },
    },
  );
  return json(200, { handoff: toView(decided) });
}

/** `POST .../handoffs/{handoffId}/heartbeat`: an agent is still on it. */
export async function heartbeatHandoff(
  event: HttpEvent,
  params: Params,
): Promise<HttpResult> {
  await authorizeAgent(event, params.tenantId);
  const path = parseOrThrow(HandoffPathSchema, params, 'path');
  appendConversationKeys(path);
  const { handoff, taskToken } = await loadOpenHandoff(
    path.tenantId,
    path.handoffId,
  );

  await signalTask(handoff, () =>
    sfn.send(new SendTaskHeartbeatCommand({ taskToken })),
  );
  return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
}

function decide(
  taskToken: string,
  handoff: Handoff,
  outcome: HandoffDecision['outcome'],
) {
  const decision: HandoffDecision = { outcome, handoffId: handoff.handoffId };
  return sfn.send(
    new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(decision) }),
  );
}

/**
 * The agent answered whatever the customer wrote during the handoff, so the
 * close that follows does not reopen the conversation to answer it again.
 */
async function markHandledByAgent(handoff: Handoff): Promise<void> {
  const ref = {
    tenantId: handoff.tenantId,
    conversationId: handoff.conversationId,
  };
  const head = await getConversation(ref);
  if (head && head.lastSequence > head.lastAnswered) {
    await markAnswered(ref, head.lastSequence);
  }
}

async function appendNote(handoff: Handoff, note: string): Promise<void> {
  const { ref, head } = await conversationOf(handoff);
  await appendMessage({
    ...ref,
    messageId: noteMessageId(handoff.handoffId),
    direction: 'inbound',
    sender: 'note',
    channel: head.channel,
    text: note,
  });
}

/** The note's message id: one note per handoff, however often retried. */
export const noteMessageId = (handoffId: string): string =>
  derivedMessageId('handback-', handoffId);
