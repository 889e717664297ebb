import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { TenantConfig } from '../../schemas/tenant-config';
import type { Passage, TurnRecord } from '../../schemas/turn';
import type { TurnStepInput } from '../../schemas/workflow';
import { queryMessages } from '../shared/messages';
import { logger, metrics } from '../shared/observability';
import { getTenantConfig } from '../shared/tenants';
import { getTurn, type TurnRef, updateTurn } from '../shared/turns';
import { rank } from './bm25';
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
 * normalised score (see `rank`) of at least `minScore`.
 */
export function selectPassages(
  knowledge: TenantKnowledge,
  query: string,
  settings: TenantConfig['knowledge'],
): Passage[] {
  // TODO(retrieve): the index is rebuilt from every document of the tenant
  // on a cold start and ranks words only, so large knowledge bases start
  // slowly and paraphrases miss. A compact index built when documents
  // change (stored next to them and loaded once), plus embeddings for a
  // hybrid lexical and semantic ranking, would close it.
  return rank(knowledge.index, query)
    .filter((r) => r.normalised >= settings.minScore)
    .slice(0, settings.maxPassages)
    .flatMap((r) => {
      const chunk = knowledge.chunks.get(r.id);
      if (!chunk) return [];
      return [
        {
          id: chunk.id,
          documentId: chunk.documentId,
          title: chunk.title,
          ...(chunk.url ? { url: chunk.url } : {}),
          text: chunk.text,
          score: Math.round(r.normalised * 1000) / 1000,
        },
      ];
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
