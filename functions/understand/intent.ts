import type { Route } from '../../schemas/turn';

/** Intent labels the keyword rules produce. */
export const INTENT = {
  handoffRequest: 'handoff_request',
  greeting: 'greeting',
  thanks: 'thanks',
  general: 'general',
} as const;
export type Intent = (typeof INTENT)[keyof typeof INTENT];

export interface Understanding {
  readonly intent: Intent;
  readonly confidence: number;
  readonly route: Route;
}

/** Builds `(?:a|b|c)` from alternatives written on one or more lines. */
const anyOf = (alternatives: string) =>
  `(?:${alternatives
    .trim()
    .split(/\s*\n\s*/)
    .join('|')})`;

const PEOPLE = anyOf(`human|agent|person|representative|rep|operator
  someone|somebody|staff|manager|supervisor|team member
  member of (?:your|the) team`);
const STRONG_PEOPLE = anyOf(
  'human|agent|representative|operator|real person|live agent',
);
const REACH = anyOf('talk|speak|chat|connect|transfer|put me through');

/** Ways a customer asks for a person rather than the assistant. */
const ASKS_FOR_PERSON: readonly RegExp[] = [
  new RegExp(`\\b${REACH}\\b.{0,30}\\b${PEOPLE}\\b`),
  new RegExp(`\\b(?:want|need|get|give me)\\b.{0,15}\\b${STRONG_PEOPLE}\\b`),
  /\b(?:real|live|actual) (?:person|human|agent)\b/,
  new RegExp(`^\\W*(?:an? )?${STRONG_PEOPLE}s?\\W*(?:please|now|pls)?\\W*$`),
];

/** The assistant's offer; the house rules ask the model to use this wording. */
const OFFER = new RegExp(
  anyOf(`connect(?:ing)? you (?:with|to)|bring(?:ing)? in
    transfer(?:ring)? you to|hand(?:ing)? you (?:over )?to`) +
    ' (?:a |an |one of |someone from )?' +
    anyOf(`member of (?:our|the) (?:support )?team|our (?:support )?team
      team member|person|human|agent|colleague|someone|somebody
      representative`),
  'i',
);

const YES = new RegExp(
  `^\\W*${anyOf(`yes|yeah|yep|yup|ya|sure|ok|okay|please|y|absolutely
    of course|go ahead|do it|that would be (?:great|good|nice)`)}\\b`,
);
const NO = /\b(?:no|nope|not|don'?t|never)\b/;

const wordSet = (text: string): ReadonlySet<string> =>
  new Set(text.trim().split(/\s+/));

const GREETING_WORDS = wordSet(`
  hi hello hey hiya howdy yo greetings good morning afternoon evening day
  there team all everyone folks`);
const THANKS_WORDS = wordSet('thanks thank thx ty cheers appreciated');
const THANKS_FILLER = wordSet(`
  you so much very a lot many for the that this your help it is was all
  great ok okay perfect awesome bye goodbye again really kindly appreciate`);

const words = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}']+/u)
    .filter((w) => w !== '');

const asksForPerson = (text: string) =>
  ASKS_FOR_PERSON.some((pattern) => pattern.test(text.toLowerCase()));

const acceptsOffer = (text: string) => {
  const lower = text.toLowerCase();
  return YES.test(lower) && !NO.test(lower);
};

const isGreeting = (text: string) => {
  const w = words(text);
  return w.length > 0 && w.every((word) => GREETING_WORDS.has(word));
};

const isThanks = (text: string) => {
  const w = words(text);
  return (
    w.some((word) => THANKS_WORDS.has(word)) &&
    w.every((word) => THANKS_WORDS.has(word) || THANKS_FILLER.has(word))
  );
};

/**
 * Reads the intent of a turn's customer messages with keyword rules. The
 * turn goes to a human when the customer asks for one, or says yes right
 * after the assistant offered to connect them with the team; a turn made
 * only of greetings or thanks is labelled so; anything else is `general`.
 */
export function classifyIntent(
  customerTexts: readonly string[],
  lastAssistantText?: string,
): Understanding {
  if (customerTexts.some(asksForPerson)) {
    return handoff(0.9);
  }
  const offered =
    lastAssistantText !== undefined && OFFER.test(lastAssistantText);
  if (offered && customerTexts.some(acceptsOffer)) {
    return handoff(0.8);
  }
  if (customerTexts.length > 0 && customerTexts.every(isGreeting)) {
    return answer(INTENT.greeting, 0.9);
  }
  if (customerTexts.length > 0 && customerTexts.every(isThanks)) {
    return answer(INTENT.thanks, 0.9);
  }
  return answer(INTENT.general, 0.5);
}

const handoff = (confidence: number): Understanding => ({
  intent: INTENT.handoffRequest,
  confidence,
  route: 'handoff',
});

const answer = (intent: Intent, confidence: number): Understanding => ({
  intent,
  confidence,
  route: 'answer',
});
