import { unescapeData } from '../../functions/shared/prompt-format';
import type { WireMessage, WireToolResult, WireToolUse } from './wire';

/**
 * Tool rounds written as text. Converse takes toolUse and toolResult
 * blocks only while tools are configured, so once a turn has spent its
 * tool rounds the respond step sends them as an assistant line per call
 * ("Called the tool get_order_details with {…}.") and a user message of
 * `<tool_result name status>` blocks. This reads them back as the blocks
 * they stand for.
 */

const RESULTS_WRAPPER = '<tool_results';
const RESULT_BLOCK =
  /<tool_result name="([^"]*)" status="([^"]*)">\n([\s\S]*?)\n<\/tool_result>/g;
const CALL_LINE = /^Called the tool (\S+) with (.*)\.$/gm;

/** True for a user text that carries tool results, not customer words. */
export function isToolResultsText(text: string): boolean {
  return text.trimStart().startsWith(RESULTS_WRAPPER);
}

/** The results of a text round, with the calls they answer. */
export function textRoundResults(
  results: WireMessage,
  calls: WireMessage | undefined,
): { results: WireToolResult[]; uses: WireToolUse[] } {
  const text = messageTexts(results);
  if (!isToolResultsText(text)) return { results: [], uses: [] };

  const inputs = [...messageTexts(calls).matchAll(CALL_LINE)].map((m) => ({
    name: m[1] ?? '',
    input: parseJson(m[2] ?? ''),
  }));
  const blocks = [...text.matchAll(RESULT_BLOCK)];
  const uses = blocks.map((m, index) => {
    const name = unescapeData(m[1] ?? '');
    const call =
      inputs.find((c, i) => c.name === name && i >= index) ??
      inputs.find((c) => c.name === name);
    return { toolUseId: `text-round-${index}`, name, input: call?.input ?? {} };
  });
  return {
    uses,
    results: blocks.map((m, index) => ({
      toolUseId: `text-round-${index}`,
      content: [{ text: unescapeData(m[3] ?? '') }],
      status: m[2] === 'succeeded' ? 'success' : 'error',
    })),
  };
}

function messageTexts(message: WireMessage | undefined): string {
  return (message?.content ?? [])
    .flatMap((b) => (typeof b.text === 'string' ? [b.text] : []))
    .join('\n');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
