import { isRecord } from '../record-text';
import { NO_ANSWER } from '../replies';
import { truncate } from '../text';
import { errorMessage, readPayload } from '../tool-results';
import type { OfflineRoute, WireToolResult, WireToolUse } from '../wire';
import { describeDone } from './done';
import { CONFIRM_LEAD } from './intent';
import { CHANGE_TOOL_NAMES } from './plan';

/**
 * Replies to the results of calls that change data: the change put to the
 * customer for a yes, their no, a person's refusal, the store's refusal,
 * and what was done.
 */

export interface ChangeReply {
  readonly route: OfflineRoute;
  readonly text: string;
}

/** Where a change stands before it runs, as act reports it. */
interface ChangeState {
  readonly status: string;
  readonly change: string;
  readonly note?: string;
  readonly reason?: string;
}

/** The offer of a person, word for word the one understand recognises. */
const OFFER_PERSON = NO_ANSWER.slice(NO_ANSWER.indexOf('Would you like'));
const ANYTHING_ELSE = 'Is there anything else I can help you with?';

/**
 * The reply when the results answer calls that change data; `undefined`
 * when none of them does.
 */
export function changeReply(
  results: readonly WireToolResult[],
  uses: ReadonlyMap<string, WireToolUse>,
): ChangeReply | undefined {
  const replies = results.flatMap((result) => {
    const reply = replyTo(result, uses.get(result.toolUseId));
    return reply ? [reply] : [];
  });
  const [first] = replies;
  if (!first) return undefined;
  return { route: first.route, text: replies.map((r) => r.text).join(' ') };
}

function replyTo(
  result: WireToolResult,
  use: WireToolUse | undefined,
): ChangeReply | undefined {
  const payload = readPayload(result);
  const state = changeState(payload);
  if (state) return replyToState(state);
  if (!use || !CHANGE_TOOL_NAMES.has(use.name)) return undefined;

  const error = errorMessage(result, payload);
  if (error !== undefined) {
    return {
      route: 'tool_error',
      text:
        `I could not make that change: ${truncate(error, 200)}. Nothing ` +
        `was changed. ${OFFER_PERSON}`,
    };
  }
  const input = isRecord(use.input) ? use.input : {};
  const done = isRecord(payload) ? describeDone(use.name, payload, input) : '';
  return {
    route: 'tool_result',
    text: done || 'Done: the change is made.',
  };
}

const STATES = new Set([
  'awaiting_confirmation',
  'awaiting_approval',
  'declined',
  'refused',
]);

function changeState(payload: unknown): ChangeState | undefined {
  if (!isRecord(payload)) return undefined;
  const { status, change, note, reason } = payload;
  if (typeof status !== 'string' || !STATES.has(status)) return undefined;
  if (typeof change !== 'string') return undefined;
  return {
    status,
    change: change.trim().replace(/[.;]+$/, ''),
    ...(typeof note === 'string' ? { note } : {}),
    ...(typeof reason === 'string' && reason.trim()
      ? { reason: reason.trim() }
      : {}),
  };
}

function replyToState(state: ChangeState): ChangeReply {
  const { change } = state;
  switch (state.status) {
    case 'awaiting_confirmation':
      return {
        route: 'confirm_change',
        text:
          `${CONFIRM_LEAD} ${change}. Reply yes to go ahead, or no to ` +
          'leave it as it is.',
      };
    case 'declined':
      return {
        route: 'change_outcome',
        text: `All right, nothing was changed. ${ANYTHING_ELSE}`,
      };
    case 'awaiting_approval':
      return {
        route: 'change_outcome',
        text:
          `A member of our team needs to approve this change first: ` +
          `${change}. You will hear from us once they have decided.`,
      };
    default:
      // Refused by a person, or by nobody deciding in time.
      return { route: 'change_outcome', text: refusal(state) };
  }
}

/** A refusal, or no decision in time: nothing happened, and why. */
function refusal(state: ChangeState): string {
  const late = /\bin time\b/i.test(state.note ?? '') ? ' in time' : '';
  const why = state.reason
    ? ` The reason given: ${asSentence(truncate(state.reason, 300))}`
    : '';
  return (
    `A member of our team did not approve this change${late}, so nothing ` +
    `was changed: ${state.change}.${why} ${ANYTHING_ELSE}`
  );
}

const asSentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
