import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EmbeddingSettings } from '../../schemas/knowledge-embeddings';
import type { TenantConfig } from '../../schemas/tenant-config';
import type { Passage } from '../../schemas/turn';
import { bedrock } from '../shared/clients/bedrock';
import { invokeEmbedding } from '../shared/knowledge/embedding-models';
import { hybridSearch } from '../shared/knowledge/hybrid';
import { logger, metrics } from '../shared/observability';
import { redact } from '../shared/pii';
import type { TenantKnowledge } from './knowledge';
import { passageWithScore, selectPassages } from './select';
import { loadVectors } from './vectors';

// TODO(retrieve): hybrid recall is not measured. The local runtime's
// embedding stand-in is no semantic model, so `npm run bench` reports
// lexical ranking only, and the gain Titan Text Embeddings V2 or Cohere
// Embed brings to the τ2 banking tasks, and good defaults for `weight` and
// for `minScore` as a cosine threshold, are unknown. It needs an AWS
// account with Bedrock access: ingest the τ2 documents with `--embeddings`
// into a deployed Tenants table and add a hybrid row to the knowledge
// benchmark that embeds the task queries with Bedrock.

/** Longest wait for the query's embedding before ranking lexically. */
export const QUERY_EMBEDDING_TIMEOUT_MS = 2000;

/** How the passages of a turn were ranked. */
export type Ranking = 'hybrid' | 'lexical';

/**
 * The best passages for a query. A tenant with embeddings enabled and
 * vectors stored for its current index gets BM25F and the dense ranking
 * fused (`hybridSearch`): a passage enters each ranking when its own score
 * (normalised BM25F, or cosine similarity) reaches `minScore`, and its
 * stored score is the fused one, 1 when first in both. Otherwise, or when
 * the query cannot be embedded, ranking is lexical (`selectPassages`): a
 * failed embedding logs a warning and counts `QueryEmbeddingFailed`, and
 * never fails the turn.
 */
export async function findPassages(
  tenantId: string,
  knowledge: TenantKnowledge,
  query: string,
  settings: TenantConfig['knowledge'],
): Promise<{ passages: Passage[]; ranking: Ranking }> {
  const lexical = () => ({
    passages: selectPassages(knowledge, query, settings),
    ranking: 'lexical' as const,
  });
  const { embeddings } = settings;
  if (!embeddings || query.trim() === '') return lexical();
  const matrix = await loadVectors(tenantId, knowledge, embeddings);
  if (!matrix) return lexical();
  const vector = await embedQuery(query, embeddings);
  if (!vector) return lexical();

  // BM25F ranks the customer's own words, not the redacted query: it runs
  // in this function, so the text goes nowhere, and placeholders would add
  // words the customer never wrote ("[CARD_1]" reads as "card"), pulling
  // payment and contact articles up for any message that holds a number.
  const hits = hybridSearch(knowledge.index, matrix, query, vector, {
    limit: settings.maxPassages,
    weight: embeddings.weight,
    minLexical: settings.minScore,
    minDense: settings.minScore,
  });
  return {
    passages: hits.map((hit) =>
      passageWithScore(knowledge.index, hit.chunk, hit.score),
    ),
    ranking: 'hybrid',
  };
}

/**
 * The query's embedding (one InvokeModel call), or undefined after a
 * warning and a `QueryEmbeddingFailed` metric when the call fails or
 * takes longer than `QUERY_EMBEDDING_TIMEOUT_MS`. The model gets the query
 * with its personal data as placeholders (`redact`, numbered for this text
 * alone), as every model call does; redacting comes before the model's
 * length cut, which could otherwise leave part of a card undetectable.
 */
export async function embedQuery(
  query: string,
  settings: EmbeddingSettings,
): Promise<Float32Array | undefined> {
  const started = performance.now();
  try {
    const [vector] = await invokeEmbedding(
      bedrock,
      settings,
      [redact(query).text],
      'query',
      AbortSignal.timeout(QUERY_EMBEDDING_TIMEOUT_MS),
    );
    return vector;
  } catch (error) {
    metrics.addMetric('QueryEmbeddingFailed', MetricUnit.Count, 1);
    logger.warn('Query embedding failed; ranking stays lexical', {
      model_id: settings.modelId,
      error_name: (error as Error).name,
      elapsed_ms: Math.round(performance.now() - started),
    });
    return undefined;
  }
}
