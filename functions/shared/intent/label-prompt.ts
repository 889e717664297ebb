/**
 * First line of the system prompt that asks a model to pick one intent
 * label for a customer's text: the offline model recognises the task by
 * it.
 */
export const LABEL_TASK =
  'Classify the customer message into exactly one of the intent labels below.';

const LABELS_OPEN = '<labels>';
const LABELS_CLOSE = '</labels>';

/** The system prompt of a label request, listing one label a line. */
export function labelSystemPrompt(labels: readonly string[]): string {
  return [
    LABEL_TASK,
    'Reply with the label only: no other words, no punctuation.',
    'Use oos when no other label fits, if it is listed.',
    LABELS_OPEN,
    ...labels,
    LABELS_CLOSE,
  ].join('\n');
}

/** The labels listed in a label request's system prompt. */
export function promptLabels(system: string): string[] {
  const start = system.indexOf(LABELS_OPEN);
  const end = system.indexOf(LABELS_CLOSE, start);
  if (start < 0 || end < 0) return [];
  return system
    .slice(start + LABELS_OPEN.length, end)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/**
 * The label a model replied with, or undefined when the reply is not
 * exactly one of the labels (quotes, a final full stop and case aside).
 */
export function replyLabel(
  reply: string,
  labels: readonly string[],
): string | undefined {
  const cleaned = reply
    .trim()
    .replace(/^["'`]+|["'`.]+$/gu, '')
    .trim()
    .toLowerCase();
  return labels.find((label) => label.toLowerCase() === cleaned);
}
