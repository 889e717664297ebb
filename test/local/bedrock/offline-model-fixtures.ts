import {
  CITATION_RULE,
  renderKnowledge,
} from '../../../functions/shared/prompt-format';
import {
  enabledTools,
  TOOL_CATALOGUE,
  toolConfiguration,
} from '../../../functions/shared/tool-catalogue';
import { offlineConverse } from '../../../local/bedrock/offline-model';
import type { Message } from './change-driver';

export { assistant, user } from './change-driver';

const PASSAGES = [
  {
    id: 'returns-1',
    title: 'Returns',
    text:
      'Items can be returned within 30 days of delivery. ' +
      'Refunds go back to the original payment method ' +
      'within 5 to 7 business days. ' +
      'Gift cards cannot be returned.',
  },
  {
    id: 'shipping-1',
    title: 'Shipping',
    text:
      'Standard delivery takes 3 to 5 business days. ' +
      'Express shipping arrives in 1 to 2 business days. ' +
      'We ship to the United States and Canada.',
  },
];

export const SYSTEM = [
  'You are Ava of Demo Store.',
  CITATION_RULE,
  renderKnowledge(PASSAGES),
].join('\n');

/** The read tools a tenant enables, as the configuration travels on the wire. */
const READ_TOOLS = Object.values(TOOL_CATALOGUE)
  .filter((tool) => tool.risk === 'read')
  .map((tool) => tool.name);
export const TOOL_CONFIG = JSON.parse(
  JSON.stringify(toolConfiguration(enabledTools(READ_TOOLS))),
);

export const toolUse = (
  name: string,
  input: object,
  id = 'tooluse_1',
): Message => ({
  role: 'assistant',
  content: [{ toolUse: { toolUseId: id, name, input } }],
});
export const toolResult = (
  content: { text?: string; json?: unknown },
  status: 'success' | 'error' = 'success',
  id = 'tooluse_1',
): Message => ({
  role: 'user',
  content: [{ toolResult: { toolUseId: id, content: [content], status } }],
});

/** The offline model's answer to the messages, with the read tools. */
export function converse(messages: Message[], system = SYSTEM) {
  const response = offlineConverse({
    system: [{ text: system }],
    messages,
    toolConfig: TOOL_CONFIG,
  });
  const [block] = response.output.message.content;
  const text = block && 'text' in block ? block.text : '';
  const use = block && 'toolUse' in block ? block.toolUse : undefined;
  return { response, text, use };
}
