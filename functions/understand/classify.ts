import type { TenantConfig } from '../../schemas/tenant-config';
import type { IntentScore } from '../../schemas/turn';
import { asksForPerson } from './person-request';
import { smallTalkKinds } from './small-talk';
import { asksKnowledge, namedTopic, type ToolTopic } from './tool-request';

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

/**
 * Classifies the text of a turn's customer messages, one per line, for a
 * tenant. Today this is {@link classifyByRules}; the tenant's trained
 * classifier takes its place (see the TODO in `understand.ts`), and the
 * route still comes from the tenant's intent map.
 */
export async function classify(
  text: string,
  _tenant: TenantConfig,
): Promise<Classification> {
  return classifyByRules(text);
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
