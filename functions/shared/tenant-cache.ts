import { TransientError } from './errors';
import { logger } from './observability';

/**
 * A per-tenant value a warm function keeps in memory (a knowledge index, a
 * trained classifier) and refreshes at most once per `checkMs`. `refresh`
 * gets the current value, so it can keep it when its stored hash is
 * unchanged. While a writer replaces the stored value (`refresh` throws a
 * `TransientError`), the copy in memory keeps serving.
 */
export class TenantCache<T> {
  private readonly entries = new Map<string, { value: T; checkedAt: number }>();

  constructor(
    private readonly what: string,
    private readonly checkMs: number,
    private readonly refresh: (tenantId: string, current?: T) => Promise<T>,
  ) {}

  async get(tenantId: string, now = Date.now()): Promise<T> {
    const hit = this.entries.get(tenantId);
    if (hit && now - hit.checkedAt < this.checkMs) return hit.value;

    try {
      const value = await this.refresh(tenantId, hit?.value);
      this.entries.set(tenantId, { value, checkedAt: now });
      return value;
    } catch (error) {
      if (!(error instanceof TransientError) || !hit) throw error;
      logger.warn(`Kept the cached ${this.what}`, { error });
      return hit.value;
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
