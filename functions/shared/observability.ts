import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { redactLogValue } from './pii';

/**
 * The one logger, tracer and metrics instance of a function. Service name
 * and namespace come from POWERTOOLS_SERVICE_NAME and
 * POWERTOOLS_METRICS_NAMESPACE. Log ids and lengths, never customer text.
 * As a safety net, every string a log line carries (message, keys, errors
 * with their stacks and causes) passes through PII redaction as the line is
 * serialised; the standard Powertools keys are kept as they are.
 */
export const logger = new Logger({
  serviceName: 'frontline',
  jsonReplacerFn: redactLogValue,
});
export const tracer = new Tracer({ serviceName: 'frontline' });
export const metrics = new Metrics({
  namespace: 'Frontline',
  serviceName: 'frontline',
});

/** Adds the conversation's keys to every log line of this invocation. */
export function appendConversationKeys(ref: {
  tenantId: string;
  conversationId?: string;
}): void {
  logger.appendKeys({
    tenant_id: ref.tenantId,
    ...(ref.conversationId ? { conversation_id: ref.conversationId } : {}),
  });
}
