import type { TenantConfig } from '../../schemas/tenant-config';
import type { Route } from '../../schemas/turn';
import { OUT_OF_SCOPE } from '../shared/intent';
import { type Classification, INTENT } from './classify';

/**
 * Where each intent of the rule-based classifier goes. A tenant's
 * `intents.routes` is laid over it; an intent in neither is answered from
 * knowledge.
 */
export const DEFAULT_INTENT_ROUTES: Readonly<Record<string, Route>> = {
  [INTENT.handoffRequest]: 'handoff',
  [INTENT.greeting]: 'smalltalk',
  [INTENT.thanks]: 'smalltalk',
  [INTENT.goodbye]: 'smalltalk',
  [INTENT.acknowledgement]: 'smalltalk',
  [INTENT.orderLookup]: 'tool',
  [INTENT.accountLookup]: 'tool',
};

/**
 * The route of a classified turn under the tenant's intent map. Falls back
 * to `answer`, which retrieves knowledge and offers the tools, whenever
 * another route would be a guess: a classification below the tenant's
 * `intents.minConfidence`, or `tool` for a tenant with no tools enabled.
 * The trained classifier's out-of-scope label always goes to `answer`: the
 * model offers a person when the knowledge cannot help.
 */
export function routeFor(
  classification: Classification,
  config: TenantConfig,
): Route {
  if (classification.confidence < config.intents.minConfidence) {
    return 'answer';
  }
  if (classification.intent === OUT_OF_SCOPE) return 'answer';
  const routes = { ...DEFAULT_INTENT_ROUTES, ...config.intents.routes };
  const { intent } = classification;
  const route = Object.hasOwn(routes, intent) ? routes[intent] : 'answer';
  if (route === 'tool' && config.tools.enabled.length === 0) return 'answer';
  return route;
}
