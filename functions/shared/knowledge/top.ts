/** Selecting the best passages from a query's scores. */
import type { KnowledgeIndexFile } from './index-format';

/** The `k` best-scoring passages, best first (ties: lower position). */
export function topPassages(scores: Float64Array, k: number): number[] {
  if (k > 64) return sortedPassages(scores).slice(0, k);
  const top: number[] = [];
  let floor = 0;
  for (let c = 0; c < scores.length; c += 1) {
    const score = scores[c] as number;
    if (score <= 0 || (top.length >= k && score <= floor)) continue;
    let at = top.length;
    while (at > 0 && (scores[top[at - 1] as number] as number) < score) at -= 1;
    top.splice(at, 0, c);
    if (top.length > k) top.pop();
    floor = scores[top.at(-1) as number] as number;
  }
  return top;
}

/** Every passage with a positive score, best first. */
export function sortedPassages(scores: Float64Array): number[] {
  const order: number[] = [];
  scores.forEach((score, c) => {
    if (score > 0) order.push(c);
  });
  return order.sort(
    (x, y) => (scores[y] as number) - (scores[x] as number) || x - y,
  );
}

/** The first `limit` passages of `order`, at most `maxPerDocument` each. */
export function capPerDocument(
  file: Pick<KnowledgeIndexFile, 'chunks'>,
  order: readonly number[],
  maxPerDocument: number,
  limit: number,
): number[] {
  const perDocument = new Map<number, number>();
  const kept: number[] = [];
  for (const c of order) {
    if (kept.length >= limit) break;
    const d = file.chunks[c]?.d as number;
    const taken = perDocument.get(d) ?? 0;
    if (taken >= maxPerDocument) continue;
    perDocument.set(d, taken + 1);
    kept.push(c);
  }
  return kept;
}
