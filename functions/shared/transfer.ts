import { TransferToHumanAgentsInputSchema } from '../../schemas/tools/assistant';
import type { ToolCall, TurnRecord } from '../../schemas/turn';

/** The tool the model calls to hand the conversation to a person. */
export const TRANSFER_TOOL = 'transfer_to_human_agents';

const NOT_RUN = JSON.stringify({
  error: 'Not run: the conversation was handed to a person',
});

/**
 * The round's calls once the model asked for a transfer: the transfer is
 * decided at once (`succeeded` with the model's summary, or `rejected` when
 * its input is invalid) and every other call of the round is `rejected`,
 * since no tool runs after the conversation went to a person. `undefined`
 * when the round asks for no transfer.
 */
export function decideTransfer(
  calls: readonly ToolCall[],
): ToolCall[] | undefined {
  if (!calls.some((c) => c.name === TRANSFER_TOOL)) return undefined;
  return calls.map((call) => {
    if (call.name !== TRANSFER_TOOL) {
      return { ...call, status: 'rejected', result: NOT_RUN };
    }
    const parsed = TransferToHumanAgentsInputSchema.safeParse(call.input);
    return parsed.success
      ? { ...call, status: 'succeeded', result: JSON.stringify(parsed.data) }
      : {
          ...call,
          status: 'rejected',
          result: JSON.stringify({ error: 'summary is missing or too long' }),
        };
  });
}

/** Whether the turn's last tool round handed the conversation over. */
export const transferred = (turn: TurnRecord) =>
  turn.toolCalls.some(
    (c) =>
      c.name === TRANSFER_TOOL &&
      c.round === turn.toolRounds &&
      c.status !== 'requested',
  );

/** The summary the model wrote for the agent when it asked for a transfer. */
export function transferSummary(turn: TurnRecord): string | undefined {
  const call = turn.toolCalls.findLast(
    (c) => c.name === TRANSFER_TOOL && c.status === 'succeeded',
  );
  if (!call) return undefined;
  const parsed = TransferToHumanAgentsInputSchema.safeParse(call.input);
  return parsed.success ? parsed.data.summary : undefined;
}
