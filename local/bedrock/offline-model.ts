import { LABEL_TASK } from '../../functions/shared/intent/label-prompt';
import { SUMMARY_TASK } from '../../functions/shared/prompt-format';
import { calculation, storeToolsOf } from './arithmetic';
import { planChange, withoutChangeTools } from './change/plan';
import { changeReply } from './change/replies';
import type { ChangeStep } from './change/steps';
import {
  type ConversationView,
  readConversation,
  type ToolView,
} from './conversation';
import { pickLabel } from './intent-label';
import {
  type AnswerKind,
  answerFromPassages,
  answerKind,
  isRelevant,
  type PassageMatch,
  rankPassages,
} from './passage-answer';
import {
  askForArguments,
  GREETING_REPLY,
  NO_ANSWER,
  smallTalk,
} from './replies';
import { summarise } from './summary';
import { digest, estimateTokens } from './text';
import { answerFromResults, foundValues } from './tool-results';
import { decideTool, querySize, readQuery } from './tool-selection';
import {
  type ConverseRequestJson,
  ConverseRequestSchema,
  type ConverseResponseJson,
  type OfflineRoute,
  type OutputBlock,
} from './wire';

/**
 * A grounded stand-in for a Bedrock model, for the local runtime and tests.
 * It never invents facts: it answers from the knowledge passages of the
 * system prompt (citing them), calls a declared tool when the customer asks
 * for what it does and gave the arguments, plans changes the customer asks
 * for (looking records up first, filling arguments from them), writes
 * replies from tool results and change outcomes, summarises for a
 * handoff, picks an intent label by the words it shares with the
 * customer's text, and otherwise says it cannot help and offers a person.
 * The same request always gets the same response.
 * Throws a ZodError when the request is not shaped like a Converse call.
 *
 * @example
 * const response = offlineConverse({
 *   system: [{ text: renderKnowledge(passages) }],
 *   messages: [{ role: 'user', content: [{ text: 'Can I return shoes?' }] }],
 * });
 */
export function offlineConverse(
  request: ConverseRequestJson,
): ConverseResponseJson {
  const parsed = ConverseRequestSchema.parse(request);
  const view = readConversation(parsed);
  const { route, content } = answer(view);
  const toolUse = content.some((block) => 'toolUse' in block);
  const inputTokens = estimateTokens(JSON.stringify(parsed).length);
  const outputTokens = estimateTokens(JSON.stringify(content).length);

  return {
    output: { message: { role: 'assistant', content } },
    stopReason: toolUse ? 'tool_use' : 'end_turn',
    usage: {
      inputTokens,
      outputTokens,
      totalTokens: inputTokens + outputTokens,
    },
    // The model itself takes no measurable time; the server reports its own.
    metrics: { latencyMs: 0 },
    additionalModelResponseFields: { offlineModel: true, route },
  };
}

interface Answer {
  readonly route: OfflineRoute;
  readonly content: OutputBlock[];
}

const say = (route: OfflineRoute, text: string): Answer => ({
  route,
  content: [{ text }],
});

/** The answer paths, in order of precedence. */
function answer(view: ConversationView): Answer {
  if (view.system.trimStart().startsWith(SUMMARY_TASK)) {
    return say('summary', summarise(view));
  }
  if (view.system.trimStart().startsWith(LABEL_TASK)) {
    return say('intent_label', pickLabel(view.system, view.latestUserText));
  }
  if (view.pendingResults.length > 0) return answerResults(view);
  if (!view.latestUserText) return say('small_talk', GREETING_REPLY);
  const chat = smallTalk(view.latestUserText);
  if (chat) return say('small_talk', chat);
  const sum = calculation(view);
  if (sum) return callTool(view, sum.tool, sum.input);
  const change = planChange(view);
  if (change) return takeStep(view, change);

  const plan = planTool(view);
  if (plan.decision?.kind === 'call') {
    return callTool(view, plan.decision.tool, plan.decision.input);
  }
  if (plan.decision?.kind === 'ask') {
    const { tool, missing, providers } = plan.decision;
    return say('ask_arguments', askForArguments(tool, missing, providers));
  }
  return answerFromKnowledge(plan.relevant, plan.query.terms, plan.kind);
}

/**
 * Replies from tool results. The outcome of a change is told as such; a
 * record a change was waiting for lets it go on; a result that found an
 * argument another tool was waiting for (a user id) calls that tool first.
 */
function answerResults(view: ConversationView): Answer {
  const { pendingResults, toolUses, tools } = view;
  const outcome = changeReply(pendingResults, toolUses);
  if (outcome) return say(outcome.route, outcome.text);
  const { text, failed } = answerFromResults(pendingResults, toolUses, tools);
  const change = failed ? undefined : planChange(view);
  if (change) return takeStep(view, change);
  const known = foundValues(pendingResults, toolUses);
  if (!failed && Object.keys(known).length > 0) {
    const { decision } = planTool(view, known);
    if (decision?.kind === 'call') {
      return callTool(view, decision.tool, decision.input);
    }
  }
  return say(failed ? 'tool_error' : 'tool_result', text);
}

/**
 * Scores passages and tools against the customer's latest text. With
 * `known` values the exchange already chose tools over passages, so the
 * passages no longer compete.
 */
function planTool(
  view: ConversationView,
  known: Readonly<Record<string, string>> = {},
) {
  const store = withoutChangeTools(storeToolsOf(view));
  const query = readQuery(store);
  const size = querySize(query);
  const kind = answerKind(view.latestUserText);
  const relevant = rankPassages(view.passages, query.terms, kind).filter((m) =>
    isRelevant(m, size),
  );
  const chained = Object.keys(known).length > 0;
  const best = relevant[0]?.matched.size ?? 0;
  const coverage = size > 0 && !chained ? best / size : 0;
  return {
    query,
    kind,
    relevant,
    decision: decideTool(store, query, coverage, known),
  };
}

function takeStep(view: ConversationView, step: ChangeStep): Answer {
  switch (step.kind) {
    case 'call':
      return callTool(view, step.tool, step.input);
    case 'ask':
      return say('ask_arguments', step.text);
    case 'explain':
      return say('change_unavailable', step.text);
    case 'withdrawn':
      return say('change_outcome', step.text);
  }
}

function callTool(
  view: ConversationView,
  tool: ToolView,
  input: Record<string, unknown>,
): Answer {
  // Derived from the whole conversation: stable for a replayed request,
  // distinct across conversations that differ in any message.
  const toolUseId = `tooluse_${digest([view.messages, tool.name, input])}`;
  return {
    route: 'tool_call',
    content: [{ toolUse: { toolUseId, name: tool.name, input } }],
  };
}

function answerFromKnowledge(
  relevant: readonly PassageMatch[],
  query: ReadonlySet<string>,
  kind: AnswerKind | undefined,
): Answer {
  const text =
    relevant.length > 0 ? answerFromPassages(relevant, query, kind) : '';
  return text ? say('passage', text) : say('no_answer', NO_ANSWER);
}
