import { offlineConverse } from '../offline-model';
import { estimateTokens } from '../text';
import type {
  ConverseRequest,
  ConverseResponseJson,
  WireMessage,
} from '../wire';
import type { Finding, GuardrailCheck } from './assess';

/**
 * Answers a Converse request the way Bedrock does under a guardrail: the
 * customer's input is checked first and, when blocked, the model is not
 * called; otherwise the offline model answers and its text is checked.
 * A blocked call answers `stopReason: 'guardrail_intervened'` with the
 * guardrail's blocked message as the assistant's text.
 *
 * The input is the text of the `guardContent` blocks when the request has
 * any, else the text of every message, as on Bedrock; tool results, tool
 * definitions and the system prompt are never checked. A `trace` of
 * `enabled` adds Bedrock's assessment shape, naming the topic or filter.
 */
export function guardedConverse(
  request: ConverseRequest,
  check: GuardrailCheck | undefined,
): ConverseResponseJson {
  if (!check) return offlineConverse(request);
  const input = check.input(inputTexts(request.messages));
  if (input) return blocked(request, check, { on: 'input', finding: input });

  const response = offlineConverse(request);
  const texts = response.output.message.content.flatMap((block) =>
    'text' in block ? [block.text] : [],
  );
  const output = check.output(texts);
  if (!output) return response;
  return blocked(
    request,
    check,
    { on: 'output', finding: output },
    response.usage,
  );
}

/** The texts Bedrock's guardrail would check as input. */
export function inputTexts(messages: readonly WireMessage[]): string[] {
  const blocks = messages.flatMap((m) => m.content);
  const guarded = blocks.filter((b) => b.guardContent?.text);
  return (guarded.length > 0 ? guarded : blocks).flatMap((b) =>
    typeof b.text === 'string' && !b.toolResult ? [b.text] : [],
  );
}

/** What the guardrail blocked, and in which direction. */
interface Block {
  readonly on: 'input' | 'output';
  readonly finding: Finding;
}

function blocked(
  request: ConverseRequest,
  check: GuardrailCheck,
  block: Block,
  usage?: ConverseResponseJson['usage'],
): ConverseResponseJson {
  const { id, settings } = check.guardrail;
  const outputTokens = estimateTokens(settings.blockedMessage.length);
  const traced = (request.guardrailConfig?.trace ?? 'disabled') !== 'disabled';
  return {
    output: {
      message: {
        role: 'assistant',
        content: [{ text: settings.blockedMessage }],
      },
    },
    stopReason: 'guardrail_intervened',
    usage: usage ?? { inputTokens: 0, outputTokens, totalTokens: outputTokens },
    metrics: { latencyMs: 0 },
    additionalModelResponseFields: { offlineModel: true, route: 'guardrail' },
    ...(traced ? { trace: { guardrail: trace(id, block) } } : {}),
  };
}

/** Bedrock's guardrail trace: the assessment under the guardrail's id. */
function trace(id: string, { on, finding }: Block) {
  return on === 'input'
    ? { inputAssessment: { [id]: assessment(finding) } }
    : { outputAssessments: { [id]: [assessment(finding)] } };
}

/** A finding as Bedrock's `GuardrailAssessment`. */
function assessment(finding: Finding) {
  if (finding.policy === 'topic') {
    return {
      topicPolicy: {
        topics: [{ name: finding.name, type: 'DENY', action: 'BLOCKED' }],
      },
    };
  }
  return {
    contentPolicy: {
      filters: [
        {
          type: finding.type,
          confidence: 'HIGH',
          action: 'BLOCKED',
          localRule: finding.rule,
        },
      ],
    },
  };
}
