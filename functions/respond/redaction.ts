import type { Message } from '../../schemas/message';
import type { ToolCall, TurnRecord } from '../../schemas/turn';
import {
  type ConversationVault,
  withConversationVault,
} from '../shared/pii/conversation-vault';
import { recentTranscript } from '../shared/transcript';
import type { TurnRef } from '../shared/turns';

/** What the model reads of a turn, personal data as placeholders. */
export interface RedactedContext {
  readonly dialogue: readonly Message[];
  readonly notes: readonly Message[];
  readonly toolCalls: readonly ToolCall[];
}

/**
 * The turn's recent dialogue, the agents' notes and the tool rounds, with
 * cards, emails, phones, national ids and addresses replaced by the
 * conversation's placeholders (`[CARD_1]`), which the vault then keeps.
 * Tool results are redacted here too, whatever the act step stored.
 */
export function redactedContext(
  ref: TurnRef,
  turn: TurnRecord,
  window: number,
): Promise<RedactedContext> {
  return withConversationVault(ref, async (vault) => {
    const transcript = await recentTranscript(ref, {
      window,
      upTo: Math.max(...turn.sequences),
    });
    return {
      dialogue: vault.redactMessages(transcript.dialogue),
      notes: vault.redactMessages(transcript.notes),
      toolCalls: turn.toolCalls.map((call) => redactCall(call, vault)),
    };
  });
}

function redactCall(call: ToolCall, vault: ConversationVault): ToolCall {
  return {
    ...call,
    input: vault.redactJson(call.input),
    ...(call.result === undefined
      ? {}
      : { result: vault.redactJsonText(call.result) }),
  };
}
