import type { MiddlewareObj } from '@middy/core';
import { metrics } from './observability';

/**
 * Publishes the metrics an invocation recorded, on success and on error.
 * Unlike Powertools' `logMetrics`, an invocation that recorded none writes
 * nothing, instead of a warning on every call.
 */
export function publishMetrics(): MiddlewareObj {
  const flush = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return {
    before: async () => {
      metrics.captureColdStartMetric();
    },
    after: flush,
    onError: flush,
  };
}
