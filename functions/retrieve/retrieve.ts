import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { TenantConfig } from '../../schemas/tenant-config';
import type { Passage, TurnRecord } from '../../schemas/turn';
import type { TurnStepInput } from '../../schemas/workflow';
import { passageAt } from '../shared/knowledge/passage';
import { search } from '../shared/knowledge/rank';
import { queryMessages } from '../shared/messages';
import { logger, metrics } from '../shared/observability';
import { getTenantConfig } from '../shared/tenants';
import { getTurn, type TurnRef, updateTurn } from '../shared/turns';
import { loadKnowledge, type TenantKnowledge } from './knowledge';

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
  const passages = selectPassages(knowledge, query, config.knowledge);
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
    passage_ids: passages.map((p) => p.id),
  });
  return { passages: passages.length };
}

/**
 * The best passages for a query: at most `maxPassages`, each with a
 * normalised score (see `search`) of at least `minScore`.
 */
export function selectPassages(
  knowledge: TenantKnowledge,
  query: string,
  settings: TenantConfig['knowledge'],
): Passage[] {
  // TODO(retrieve): ranking is lexical only, so a paraphrase that shares
  // no word with the article misses it. On AWS, Bedrock embeddings of each
  // passage stored beside the index, fused with BM25F by reciprocal rank,
  // would close it; the local runtime would keep the lexical ranking.
  const { index } = knowledge;
  return search(index, query, { limit: settings.maxPassages })
    .filter((hit) => hit.normalised >= settings.minScore)
    .map((hit) => {
      const { heading: _, ...passage } = passageAt(index, hit.chunk);
      return { ...passage, score: Math.round(hit.normalised * 1000) / 1000 };
    });
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
