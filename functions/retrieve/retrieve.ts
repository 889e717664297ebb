import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { TurnRecord } from '../../schemas/turn';
import type { TurnStepInput } from '../../schemas/workflow';
import { queryMessages } from '../shared/messages';
import { logger, metrics } from '../shared/observability';
import { getTenantConfig } from '../shared/tenants';
import { getTurn, type TurnRef, updateTurn } from '../shared/turns';
import { findPassages } from './hybrid';
import { loadKnowledge } from './knowledge';

export { selectPassages } from './select';

/**
 * Finds the tenant's passages for a turn and stores them on the turn
 * record. A turn routed to a human needs none.
 */
export async function retrieve(
  input: TurnStepInput,
): Promise<{ passages: number }> {
  const started = performance.now();
  const turn = await getTurn(input);
  if (turn.route === 'handoff') return { passages: 0 };

  const [config, knowledge, query] = await Promise.all([
    getTenantConfig(input.tenantId),
    loadKnowledge(input.tenantId),
    turnText(input, turn),
  ]);
  const { passages, ranking } = await findPassages(
    input.tenantId,
    knowledge,
    query,
    config.knowledge,
  );
  await updateTurn(input, {
    passages,
    latencyMs: {
      ...turn.latencyMs,
      retrieve: Math.round(performance.now() - started),
    },
  });

  metrics.addMetric('PassagesRetrieved', MetricUnit.Count, passages.length);
  logger.info('Passages retrieved', {
    turn_index: turn.index,
    passages: passages.length,
    ranking,
    passage_ids: passages.map((p) => p.id),
  });
  return { passages: passages.length };
}

/** The text of the customer messages the turn answers. */
async function turnText(ref: TurnRef, turn: TurnRecord): Promise<string> {
  const first = Math.min(...turn.sequences);
  const last = Math.max(...turn.sequences);
  const messages = await queryMessages(ref, {
    after: first - 1,
    limit: last - first + 1,
  });
  const wanted = new Set(turn.sequences);
  return messages
    .filter((m) => m.sender === 'customer' && wanted.has(m.sequence))
    .map((m) => m.text)
    .join('\n');
}
