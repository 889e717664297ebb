import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import type { TenantConfig } from '../../schemas/tenant-config';
import type { TurnRecord } from '../../schemas/turn';
import type { RespondOutput, TurnStepInput } from '../../schemas/workflow';
import {
  addUsage,
  type ConverseResult,
  converse,
  isOfflineModel,
  modelIdFor,
  responseText,
} from '../shared/converse';
import { InvariantError, ModelError } from '../shared/errors';
import { logger, metrics } from '../shared/observability';
import { getTenantConfig } from '../shared/tenants';
import { toolConfiguration, toolsFor } from '../shared/tool-catalogue';
import { toConverseMessages } from '../shared/transcript';
import { decideTransfer, transferred } from '../shared/transfer';
import { getTurn, type TurnRef, updateTurn } from '../shared/turns';
import { systemPrompt, type ToolState } from './prompt';
import { redactedContext } from './redaction';
import { replyFromText } from './reply';
import { requestedCalls, toolRoundMessages } from './tool-rounds';

/** Bounds the reply; a chat answer needs far less. */
const MAX_OUTPUT_TOKENS = 1024;
const TEMPERATURE = 0.2;

export interface ModelRequest {
  readonly input: ConverseCommandInput;
  /** Whether the request offered tools (and may get tool calls back). */
  readonly toolsOffered: boolean;
  /** Index of the customer's newest message, which the guardrail checks. */
  readonly customerMessageIndex: number;
}

/**
 * Asks the model for the turn's reply or for tool calls, grounded in the
 * turn's passages, and stores what it said on the turn record.
 */
export async function respond(input: TurnStepInput): Promise<RespondOutput> {
  const started = performance.now();
  const turn = await getTurn(input);
  const settled = settledAction(turn);
  if (settled) return settled;

  const config = await getTenantConfig(input.tenantId);
  const request = await buildRequest(input, turn, config);
  const response = await converse(request.input, 'reply', {
    tenantId: input.tenantId,
    inputMessageIndex: request.customerMessageIndex,
  });

  const elapsed = Math.round(performance.now() - started);
  return storeOutcome(input, turn, request, response, elapsed);
}

/**
 * What to answer without calling the model: a turn routed to a human, or
 * a retried step whose earlier attempt already stored its outcome.
 */
export function settledAction(turn: TurnRecord): RespondOutput | undefined {
  if (turn.route === 'handoff') {
    return { action: 'handoff', reason: 'customer_request' };
  }
  if (transferred(turn)) {
    return { action: 'handoff', reason: 'assistant_offer' };
  }
  if (turn.reply) return { action: 'reply', reason: 'none' };
  const lastRound = turn.toolCalls.filter((c) => c.round === turn.toolRounds);
  if (
    lastRound.length > 0 &&
    lastRound.every((c) => c.status === 'requested')
  ) {
    return { action: 'tool', reason: 'none' };
  }
  return undefined;
}

/** The Converse request for the turn as it stands. */
export async function buildRequest(
  ref: TurnRef,
  turn: TurnRecord,
  config: TenantConfig,
): Promise<ModelRequest> {
  const declarations = toolsFor(config);
  const tools: ToolState =
    declarations.length === 0
      ? 'none'
      : turn.toolRounds < config.tools.maxToolRoundsPerTurn
        ? 'open'
        : 'exhausted';
  const toolConfig =
    tools === 'open' ? toolConfiguration(declarations) : undefined;

  const transcript = await redactedContext(ref, turn, config.transcriptWindow);
  const dialogue = toConverseMessages(transcript.dialogue);
  if (dialogue[0]?.role !== 'user') {
    throw new InvariantError(
      `Turn ${turn.segment}/${turn.index} has no customer message to answer`,
    );
  }
  const system = systemPrompt({
    config,
    passages: turn.passages,
    notes: transcript.notes.map((n) => n.text),
    tools,
    language: turn.language,
  });
  const messages = [
    ...dialogue,
    ...toolRoundMessages(transcript.toolCalls, turn.toolRounds, !!toolConfig),
  ];
  return {
    toolsOffered: !!toolConfig,
    customerMessageIndex: dialogue.findLastIndex((m) => m.role === 'user'),
    input: {
      modelId: modelIdFor(config),
      system: [{ text: system }],
      messages,
      inferenceConfig: {
        maxTokens: MAX_OUTPUT_TOKENS,
        temperature: TEMPERATURE,
      },
      ...(toolConfig ? { toolConfig } : {}),
    },
  };
}

async function storeOutcome(
  ref: TurnRef,
  turn: TurnRecord,
  request: ModelRequest,
  response: ConverseResult,
  elapsedMs: number,
): Promise<RespondOutput> {
  const usage = addUsage(turn.usage, response);
  const latencyMs = {
    ...turn.latencyMs,
    respond: (turn.latencyMs.respond ?? 0) + elapsedMs,
  };

  if (request.toolsOffered && response.stopReason === 'tool_use') {
    const round = turn.toolRounds + 1;
    const content = response.output?.message?.content ?? [];
    const calls = requestedCalls(content, round);
    if (calls.length === 0) {
      await updateTurn(ref, { usage, latencyMs });
      throw new ModelError('The model stopped for a tool call but named none');
    }
    const transfer = decideTransfer(calls);
    await updateTurn(ref, {
      toolCalls: [...turn.toolCalls, ...(transfer ?? calls)],
      toolRounds: round,
      usage,
      latencyMs,
    });
    if (transfer) {
      logger.info('Transfer to a person requested', {
        turn_index: turn.index,
        round,
      });
      return { action: 'handoff', reason: 'assistant_offer' };
    }
    metrics.addMetric('ToolCallsRequested', MetricUnit.Count, calls.length);
    logger.info('Tool calls requested', {
      turn_index: turn.index,
      round,
      tools: calls.map((c) => c.name),
    });
    return { action: 'tool', reason: 'none' };
  }

  // A blocked message cites nothing, whatever passages the turn retrieved.
  const reply = replyFromText(
    responseText(response),
    response.guardrailIntervened ? [] : turn.passages,
    isOfflineModel(response),
  );
  if (reply.text === '') {
    await updateTurn(ref, { usage, latencyMs });
    throw new ModelError('The model returned no text');
  }
  await updateTurn(ref, { reply, usage, latencyMs });
  // The prompt asks for citations; these say how often a model ignores it.
  const uncited =
    turn.passages.length > 0 &&
    reply.citations.length === 0 &&
    !response.guardrailIntervened;
  if (uncited)
    metrics.addMetric('UncitedKnowledgeReplies', MetricUnit.Count, 1);
  logger.info('Reply stored', {
    turn_index: turn.index,
    reply_chars: reply.text.length,
    citations: reply.citations.length,
    uncited_knowledge: uncited,
    offline_model: reply.offlineModel,
    guardrail_intervened: response.guardrailIntervened,
  });
  return { action: 'reply', reason: 'none' };
}
