import type { TenantConfig } from '../../schemas/tenant-config';
import type { IntentScore } from '../../schemas/turn';
import { loadIntentModel } from './intent-model';
import { asksForPerson } from './person-request';
import { smallTalkKinds } from './small-talk';
import { asksKnowledge, namedTopic, type ToolTopic } from './tool-request';
import { classifyByModel } from './trained';

/**
 * Intent labels of the rule-based classifier; the small-talk labels are
 * the kinds of `small-talk.ts`.
 */
export const INTENT = {
  handoffRequest: 'handoff_request',
  greeting: 'greeting',
  thanks: 'thanks',
  goodbye: 'goodbye',
  acknowledgement: 'acknowledgement',
  orderLookup: 'order_lookup',
  accountLookup: 'account_lookup',
  general: 'general',
} as const;

/**
 * What a classifier makes of a customer's text. The label is a string:
 * a tenant's trained classifier brings its own labels.
 */
export interface Classification extends IntentScore {
  /** The second most likely intent, when the classifier had one. */
  readonly runnerUp?: IntentScore;
}

/** Rule-based intents that stand even for a tenant with a classifier. */
const RULES_FIRST: ReadonlySet<string> = new Set([
  INTENT.handoffRequest,
  INTENT.greeting,
  INTENT.thanks,
  INTENT.goodbye,
  INTENT.acknowledgement,
]);

/**
 * Classifies the text of a turn's customer messages, one per line, for a
 * tenant. Requests for a person and small talk are recognised by
 * {@link classifyByRules} first, so a greeting never costs a model call.
 * Otherwise a tenant with a trained classifier (`intents.csv`) gets its
 * reading, or the model's pick when it is unsure; every other tenant, and
 * an unsure reading the model could not settle, gets the rules'. The
 * route still comes from the tenant's intent map.
 */
export async function classify(
  text: string,
  tenant: TenantConfig,
): Promise<Classification> {
  const rules = classifyByRules(text);
  if (RULES_FIRST.has(rules.intent)) return rules;

  const trained = await loadIntentModel(tenant.tenantId);
  if (!trained) return rules;
  return (await classifyByModel(text, trained.model, tenant)) ?? rules;
}

const TOPIC_INTENT: Readonly<Record<ToolTopic, string>> = {
  order: INTENT.orderLookup,
  account: INTENT.accountLookup,
};

/**
 * Keyword rules, in order: a request for a person; a text that is nothing
 * but small talk (greetings, thanks, goodbyes, "ok"); an order or account
 * look-up that asks nothing the knowledge answers; anything else is
 * `general`. A look-up that also asks about policy stays `general`, with
 * the look-up as runner-up.
 */
export function classifyByRules(text: string): Classification {
  if (asksForPerson(text)) {
    return { intent: INTENT.handoffRequest, confidence: 0.9 };
  }
  const kinds = smallTalkKinds(text);
  if (kinds) {
    const [first, second] = kinds;
    return second
      ? {
          intent: first,
          confidence: 0.9,
          runnerUp: { intent: second, confidence: 0.1 },
        }
      : { intent: first, confidence: 0.95 };
  }
  const topic = namedTopic(text);
  if (topic && asksKnowledge(text)) {
    return {
      intent: INTENT.general,
      confidence: 0.6,
      runnerUp: { intent: TOPIC_INTENT[topic], confidence: 0.4 },
    };
  }
  if (topic) return { intent: TOPIC_INTENT[topic], confidence: 0.8 };
  return { intent: INTENT.general, confidence: 0.5 };
}
