import type { TenantConfig } from '../../schemas/tenant-config';
import type { IntentScore, Route } from '../../schemas/turn';
import { type Classification, INTENT } from './classify';
import { turnLanguage } from './language';
import { acceptsOffer } from './person-request';
import { smallTalkReply } from './replies';
import { routeFor } from './routes';

/** What a turn's customer messages come with. */
export interface TurnContext {
  /** The turn's customer messages, oldest first. */
  readonly texts: readonly string[];
  /** The customer's messages before the turn, newest first. */
  readonly earlierTexts: readonly string[];
  /** The assistant's last message before the turn. */
  readonly lastAssistantText?: string;
  readonly config: TenantConfig;
}

/** Everything understand decides about a turn. */
export interface Understanding {
  readonly intent: string;
  readonly confidence: number;
  readonly runnerUp?: IntentScore;
  readonly route: Route;
  readonly language: string;
  /** The reply to small talk, delivered without a model call. */
  readonly reply?: string;
}

/**
 * Decides a turn from the classifier's reading of its text and from the
 * dialogue around it: a yes to the assistant's offer of a person goes to
 * a person; an "ok" that answers the assistant's question is not small
 * talk; the tenant's intent map picks the route; small talk gets its reply
 * in the customer's language.
 */
export function decideTurn(
  classification: Classification,
  context: TurnContext,
): Understanding {
  const { config } = context;
  const reading = inDialogue(classification, context);
  const language = turnLanguage(
    context.texts.join('\n'),
    context.earlierTexts.join('\n'),
    config.languages,
  );
  const route = routeFor(reading, config);
  const reply =
    route === 'smalltalk'
      ? smallTalkReply(reading.intent, language, config.languages[0] ?? 'en')
      : undefined;
  return {
    intent: reading.intent,
    confidence: reading.confidence,
    ...(reading.runnerUp ? { runnerUp: reading.runnerUp } : {}),
    // Small talk without a reply (a label the tenant mapped to it) is
    // answered by the model.
    route: route === 'smalltalk' && !reply ? 'answer' : route,
    language,
    ...(reply ? { reply } : {}),
  };
}

function inDialogue(
  classification: Classification,
  { texts, lastAssistantText }: TurnContext,
): Classification {
  if (acceptsOffer(texts, lastAssistantText)) {
    return { intent: INTENT.handoffRequest, confidence: 0.8 };
  }
  if (
    classification.intent === INTENT.acknowledgement &&
    endsWithQuestion(lastAssistantText)
  ) {
    return {
      intent: INTENT.general,
      confidence: 0.6,
      runnerUp: { intent: INTENT.acknowledgement, confidence: 0.4 },
    };
  }
  return classification;
}

const endsWithQuestion = (text?: string) =>
  text !== undefined && /\?\W*$/u.test(text.trim());
