import {
  IdempotencyConfig,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { Conversation } from '../../schemas/conversation';
import {
  type CloseReason,
  CONVERSATION_CLOSED,
  type ConversationClosedEvent,
  ConversationClosedEventSchema,
} from '../../schemas/conversation-closed';
import { isRetryableAwsError } from '../shared/aws-errors';
import { events } from '../shared/clients/events';
import { requireEnv } from '../shared/env';
import { InvariantError, TransientError } from '../shared/errors';
import {
  idempotencyOptions,
  idempotencyStepError,
} from '../shared/idempotency';

export interface ClosedFacts {
  readonly head: Conversation;
  /** The customer's reference (`customerRef`), never the head's raw id. */
  readonly customerRef: string;
  readonly segment: number;
  readonly reason: CloseReason;
  readonly closedAt: string;
  /** Messages in the transcript, the closing notice included. */
  readonly messages: number;
  /** Key of the segment's redacted transcript, and its number of items. */
  readonly transcript?: {
    readonly pk: string;
    readonly sk: string;
    readonly parts: number;
  };
}

/**
 * The event's detail. `handedOff` reads the head's flag, which opening a
 * handoff sets and nothing clears, so it covers every segment so far, as
 * `handoffUnanswered` does.
 */
export function closedEvent(facts: ClosedFacts): ConversationClosedEvent {
  const { head } = facts;
  const parsed = ConversationClosedEventSchema.safeParse({
    tenantId: head.tenantId,
    conversationId: head.conversationId,
    segment: facts.segment,
    customerRef: facts.customerRef,
    channel: head.channel,
    reason: facts.reason,
    turns: head.turns,
    messages: facts.messages,
    handedOff: head.handedOff === true,
    handoffUnanswered: head.handoffUnanswered,
    openedAt: head.createdAt,
    closedAt: facts.closedAt,
    transcript: facts.transcript,
  });
  if (!parsed.success) {
    throw new InvariantError(
      `Conversation ${head.conversationId} makes an invalid closed event: ` +
        `${parsed.error.issues[0]?.message}`,
    );
  }
  return parsed.data;
}

/**
 * Publishes each segment's event once: a segment closes at most once, so
 * tenant, conversation and segment identify the event. A day outlasts the
 * close step's retries (seconds apart) by far; a record past it only costs
 * its storage until DynamoDB's TTL removes it. The handler registers the
 * Lambda context here, so the record of an attempt that died mid-publish
 * stops blocking retries when that invocation's time is up.
 */
export const closedEventIdempotency = new IdempotencyConfig({
  eventKeyJmesPath: '[tenantId, conversationId, segment]',
  throwOnNoIdempotencyKey: true,
  expiresAfterSeconds: 24 * 60 * 60,
});

const putClosedEventOnce = makeIdempotent(
  putClosedEvent,
  idempotencyOptions('conversation-closed', closedEventIdempotency),
);

/**
 * Publishes the event once per segment, however often the close step is
 * retried: a repeat finds the segment's idempotency record and returns
 * without calling EventBridge. A failed publish leaves no record, so its
 * retry publishes. EventBridge itself delivers at least once, so consumers
 * still key on tenant, conversation and segment.
 */
export async function publishClosed(
  detail: ConversationClosedEvent,
): Promise<void> {
  try {
    await putClosedEventOnce(detail);
  } catch (error) {
    throw idempotencyStepError(error);
  }
}

async function putClosedEvent(detail: ConversationClosedEvent): Promise<void> {
  let failed: number;
  let code: string | undefined;
  try {
    const result = await events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: requireEnv('EVENT_BUS_NAME'),
            Source: CONVERSATION_CLOSED.source,
            DetailType: CONVERSATION_CLOSED.detailType,
            Detail: JSON.stringify(detail),
          },
        ],
      }),
    );
    failed = result.FailedEntryCount ?? 0;
    code = result.Entries?.find((e) => e.ErrorCode)?.ErrorCode;
  } catch (error) {
    if (!isRetryableAwsError(error)) throw error;
    throw new TransientError('EventBridge is unavailable', { cause: error });
  }
  if (failed > 0) {
    throw new TransientError(
      `EventBridge refused the closed event (${code ?? 'no error code'})`,
    );
  }
}
