import type { Citation } from '../../schemas/message';
import type { Passage, TurnRecord } from '../../schemas/turn';
import { extractCitations } from '../shared/prompt-format';

/** Longest reply kept on the turn record (its schema's bound). */
const MAX_REPLY_CHARS = 16_000;
/** Most citations a message carries (its schema's bound). */
const MAX_CITATIONS = 20;

/**
 * The reply to store from the model's text: citation markers removed, and
 * only citations of passages this turn retrieved kept, so the model cannot
 * cite what it was not given.
 */
export function replyFromText(
  text: string,
  passages: readonly Passage[],
  offlineModel: boolean,
): NonNullable<TurnRecord['reply']> {
  const { text: clean, ids } = extractCitations(text);
  const byId = new Map(passages.map((p) => [p.id, p]));
  const citations: Citation[] = ids.flatMap((id) => {
    const passage = byId.get(id);
    if (!passage) return [];
    return [
      {
        id,
        title: passage.title,
        ...(passage.url ? { url: passage.url } : {}),
      },
    ];
  });
  return {
    text: clean.slice(0, MAX_REPLY_CHARS),
    citations: citations.slice(0, MAX_CITATIONS),
    offlineModel,
  };
}
