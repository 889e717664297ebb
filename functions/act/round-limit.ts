import type { ToolCall } from '../../schemas/turn';
import { reject } from './tool-call';

/**
 * Most tool calls of one model round that act runs; the round's further
 * calls are rejected with a tool error that tells the model to call fewer
 * at once. A result is at most `MAX_RESULT_CHARS` (8,000), so a round
 * stores at most 64,000 characters of results; what all rounds of a turn
 * store together is bounded in bytes by `MAX_TURN_RESULT_BYTES`.
 */
export const MAX_TOOL_CALLS_PER_ROUND = 8;

/** The tool error of a call past the limit of its round. */
export const TOO_MANY_CALLS =
  `Only the first ${MAX_TOOL_CALLS_PER_ROUND} tool calls of one reply run, ` +
  `so this one did not. Call at most ${MAX_TOOL_CALLS_PER_ROUND} tools at ` +
  'once, and call this one again if it is still needed.';

/**
 * The turn's calls with every requested call past the limit of its round
 * rejected, in the order the model asked for them. Calls already decided
 * stay as they are, so a retried step rejects the same calls.
 */
export function withinRoundLimit(calls: readonly ToolCall[]): ToolCall[] {
  const perRound = new Map<number, number>();
  return calls.map((call) => {
    const rank = (perRound.get(call.round) ?? 0) + 1;
    perRound.set(call.round, rank);
    const surplus = rank > MAX_TOOL_CALLS_PER_ROUND;
    return surplus && call.status === 'requested'
      ? reject(call, TOO_MANY_CALLS)
      : call;
  });
}
