import type { TenantConfig } from '../../schemas/tenant-config';
import { converse, modelIdFor, responseText } from '../shared/converse';
import { labelSystemPrompt, replyLabel } from '../shared/intent/label-prompt';
import { logger } from '../shared/observability';
import { redact } from '../shared/pii';

/**
 * Asks the tenant's model to pick exactly one of `labels` for the text,
 * with its personal data as placeholders (numbered for this text alone: a
 * label needs no value, and no vault is read or written for it). Returns
 * undefined when the reply is not one of them, or the model failed: the
 * caller then falls back to the rules, so an unsure classification never
 * fails the turn. The call runs under the tenant's guardrail, as every
 * model call does.
 */
export async function modelLabel(
  text: string,
  labels: readonly string[],
  config: TenantConfig,
): Promise<string | undefined> {
  try {
    const response = await converse(
      {
        modelId: modelIdFor(config),
        system: [{ text: labelSystemPrompt(labels) }],
        messages: [{ role: 'user', content: [{ text: redact(text).text }] }],
        inferenceConfig: { maxTokens: 16, temperature: 0 },
      },
      'intent',
      { tenantId: config.tenantId },
    );
    // A blocked request is answered by the guardrail's message, no label:
    // the rules decide, and respond meets the same guardrail.
    if (response.guardrailIntervened) {
      logger.info('Guardrail intervened on the intent label');
      return undefined;
    }
    const label = replyLabel(responseText(response), labels);
    if (!label) logger.warn('Model replied with no intent label');
    return label;
  } catch (error) {
    logger.warn('Model could not pick an intent label', { error });
    return undefined;
  }
}
