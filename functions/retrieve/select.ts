import type { TenantConfig } from '../../schemas/tenant-config';
import type { Passage } from '../../schemas/turn';
import { passageAt } from '../shared/knowledge/passage';
import { type SearchIndex, search } from '../shared/knowledge/rank';
import type { TenantKnowledge } from './knowledge';

/**
 * The best passages for a query by BM25F alone: at most `maxPassages`,
 * each with a normalised score (see `search`) of at least `minScore`.
 */
export function selectPassages(
  knowledge: TenantKnowledge,
  query: string,
  settings: Pick<TenantConfig['knowledge'], 'maxPassages' | 'minScore'>,
): Passage[] {
  const { index } = knowledge;
  return search(index, query, { limit: settings.maxPassages })
    .filter((hit) => hit.normalised >= settings.minScore)
    .map((hit) => passageWithScore(index, hit.chunk, hit.normalised));
}

/** A passage as the turn record stores it, its score to 3 decimals. */
export function passageWithScore(
  index: SearchIndex,
  chunk: number,
  score: number,
): Passage {
  const { heading: _, ...passage } = passageAt(index, chunk);
  return { ...passage, score: Math.round(score * 1000) / 1000 };
}
