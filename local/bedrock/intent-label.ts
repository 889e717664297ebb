import { promptLabels } from '../../functions/shared/intent/label-prompt';
import { OUT_OF_SCOPE } from '../../functions/shared/intent/model';

/** Reply when no label shares a word with the text and none is `oos`. */
export const NO_LABEL = 'unknown';

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1);

/** Words match when one begins with the other's first four letters. */
const same = (a: string, b: string) =>
  a === b ||
  (a.length >= 4 && b.length >= 4 && a.slice(0, 4) === b.slice(0, 4));

/**
 * Picks the label of a label request whose words (split on `_`) most
 * words of the customer's text match; ties go to the label listed first.
 * With no match the answer is `oos` when listed, else {@link NO_LABEL}.
 */
export function pickLabel(system: string, text: string): string {
  const labels = promptLabels(system);
  const said = words(text);
  let best = '';
  let bestScore = 0;
  for (const label of labels) {
    const parts = label.split('_');
    const score = said.filter((w) => parts.some((p) => same(w, p))).length;
    if (score > bestScore) {
      best = label;
      bestScore = score;
    }
  }
  if (best) return best;
  return labels.includes(OUT_OF_SCOPE) ? OUT_OF_SCOPE : NO_LABEL;
}
