import { evaluate } from '../../functions/shared/calculate';
import type { ConversationView, ToolView } from './conversation';

/**
 * The assistant's own tools. They answer no customer question by their
 * words, so tool scoring never picks them: `calculate` is called only for
 * an arithmetic expression in the text, `think` never (the offline model
 * has nothing to think about), and `transfer_to_human_agents` never (the
 * understand step routes requests for a person to a handoff).
 */
export const ASSISTANT_TOOL_NAMES: ReadonlySet<string> = new Set([
  'calculate',
  'think',
  'transfer_to_human_agents',
]);

const NUMBER = String.raw`\d+(?:\.\d+)?`;
const OPERAND = String.raw`[(\s-]*${NUMBER}[\s)]*`;
// A minus between numbers needs spaces, so that dates and phone numbers
// ("2024-05-01", "555-0100") are not read as subtractions.
const OPERATOR = String.raw`(?:[+*/]|\s-\s)`;
const EXPRESSION = new RegExp(`${OPERAND}(?:${OPERATOR}${OPERAND})+`, 'g');

/**
 * The first arithmetic expression in the text that evaluates, such as
 * `12.5 * 4 + 3` in "what is 12.5 * 4 + 3?", trimmed.
 */
export function arithmeticIn(text: string): string | undefined {
  for (const [match] of text.matchAll(EXPRESSION)) {
    const expression = match.trim();
    try {
      evaluate(expression);
      return expression;
    } catch {
      // Not arithmetic after all (unbalanced, a division by zero): go on.
    }
  }
  return undefined;
}

/** The store's tools of the view, the ones tool scoring may choose. */
export const storeToolsOf = (view: ConversationView): ConversationView => ({
  ...view,
  tools: view.tools.filter((tool) => !ASSISTANT_TOOL_NAMES.has(tool.name)),
});

/** A `calculate` call for arithmetic in the latest text, when declared. */
export function calculation(
  view: ConversationView,
): { tool: ToolView; input: { expression: string } } | undefined {
  const tool = view.tools.find((t) => t.name === 'calculate');
  const expression = tool && arithmeticIn(view.latestUserText);
  return tool && expression ? { tool, input: { expression } } : undefined;
}
