import {
  type PromptPassage,
  parseKnowledge,
  unescapeData,
} from '../../functions/shared/prompt-format';
import { canonicalJson, squash, stripTags } from './text';
import { isToolResultsText, textRoundResults } from './text-rounds';
import type {
  ConverseRequest,
  JsonSchema,
  WireMessage,
  WireToolResult,
  WireToolUse,
} from './wire';

/** A tool as the model sees it in the request's tool configuration. */
export interface ToolView {
  readonly name: string;
  readonly description: string;
  readonly schema: JsonSchema;
}

/** What the offline model reads out of one Converse request. */
export interface ConversationView {
  /** The system prompt's text blocks, joined. */
  readonly system: string;
  readonly passages: readonly PromptPassage[];
  readonly tools: readonly ToolView[];
  readonly messages: readonly WireMessage[];
  /** Every customer text, oldest first, markup removed. */
  readonly userTexts: readonly string[];
  /** The customer's most recent text; empty when there is none. */
  readonly latestUserText: string;
  /** Tool results carried by the last message, when it is the user's. */
  readonly pendingResults: readonly WireToolResult[];
  /** Every tool call the assistant made, by tool use id. */
  readonly toolUses: ReadonlyMap<string, WireToolUse>;
  /** Calls made since the customer last wrote, as `callKey` strings. */
  readonly exchangeCalls: ReadonlySet<string>;
}

/** Identifies a call by tool name and canonical input. */
export const callKey = (name: string, input: unknown): string =>
  `${name} ${canonicalJson(input ?? {})}`;

/** Reads the request into the view the answer paths work from. */
export function readConversation(request: ConverseRequest): ConversationView {
  const system = (request.system ?? [])
    .flatMap((block) => (block.text ? [block.text] : []))
    .join('\n');
  const messages = request.messages;
  const userTexts = messages
    .filter((m) => m.role === 'user' && !isToolResultsText(rawText(m)))
    .map(messageText)
    .filter((text) => text.length > 0);
  const pending = pendingResults(messages);

  return {
    system,
    passages: parseKnowledge(system),
    tools: readTools(request),
    messages,
    userTexts,
    latestUserText: userTexts.at(-1) ?? '',
    pendingResults: pending.results,
    toolUses: new Map(
      [...messages.flatMap((m) => toolUses(m)), ...pending.uses].map((use) => [
        use.toolUseId,
        use,
      ]),
    ),
    exchangeCalls: exchangeCalls(messages),
  };
}

/** Results the last message carries, as blocks or as a text round. */
function pendingResults(messages: readonly WireMessage[]): {
  results: WireToolResult[];
  uses: WireToolUse[];
} {
  const last = messages.at(-1);
  if (last?.role !== 'user') return { results: [], uses: [] };
  const blocks = toolResults(last);
  if (blocks.length > 0) return { results: blocks, uses: [] };
  return textRoundResults(last, messages.at(-2));
}

/** The plain text of a message: its text blocks, markup removed. */
export function messageText(message: WireMessage): string {
  return squash(unescapeData(stripTags(rawText(message))));
}

/** A message's text blocks as sent. */
export function rawText(message: WireMessage): string {
  return message.content
    .flatMap((block) => (typeof block.text === 'string' ? [block.text] : []))
    .join('\n');
}

export function toolUses(message: WireMessage): WireToolUse[] {
  return message.content.flatMap((b) => (b.toolUse ? [b.toolUse] : []));
}

function toolResults(message: WireMessage): WireToolResult[] {
  return message.content.flatMap((b) => (b.toolResult ? [b.toolResult] : []));
}

function readTools(request: ConverseRequest): ToolView[] {
  return (request.toolConfig?.tools ?? []).flatMap(({ toolSpec }) => {
    if (!toolSpec) return [];
    const json = toolSpec.inputSchema?.json;
    return [
      {
        name: toolSpec.name,
        description: toolSpec.description ?? '',
        schema: (json && typeof json === 'object' ? json : {}) as JsonSchema,
      },
    ];
  });
}

/** Calls after the last user message that holds customer text. */
function exchangeCalls(messages: readonly WireMessage[]): Set<string> {
  let start = 0;
  messages.forEach((m, index) => {
    const hasText = m.content.some((b) => typeof b.text === 'string');
    if (m.role === 'user' && hasText && !m.content.some((b) => b.toolResult)) {
      start = index + 1;
    }
  });
  return new Set(
    messages
      .slice(start)
      .flatMap((m) => toolUses(m))
      .map((use) => callKey(use.name, use.input)),
  );
}
