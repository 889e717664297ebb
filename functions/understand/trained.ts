import type { TenantConfig } from '../../schemas/tenant-config';
import { type IntentModel, predict } from '../shared/intent';
import type { Classification } from './classify';
import { modelLabel } from './model-label';

/**
 * Classifies with the tenant's trained classifier. Below the tenant's
 * `intents.threshold` the classifier is unsure, and the model picks one of
 * its labels instead: the pick counts as just confident enough, with the
 * classifier's guess as runner-up. Undefined when the model's reply is no
 * label, so the caller falls back to the rules.
 */
export async function classifyByModel(
  text: string,
  model: IntentModel,
  config: TenantConfig,
): Promise<Classification | undefined> {
  const { intent, confidence, runnerUp } = predict(model, text);
  if (confidence >= config.intents.threshold) {
    return { intent, confidence, runnerUp: { ...runnerUp } };
  }

  const label = await modelLabel(text, model.labels, config);
  if (!label) return undefined;
  return {
    intent: label,
    confidence: config.intents.threshold,
    runnerUp: label === intent ? { ...runnerUp } : { intent, confidence },
  };
}
