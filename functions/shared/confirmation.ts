import type { ToolCall } from '../../schemas/turn';

/** How a customer's turn answers the change put to them. */
export type ChangeAnswer = 'yes' | 'no' | 'other';

/** Builds `(?:a|b|c)` from alternatives separated by whitespace and `|`. */
const anyOf = (alternatives: string) =>
  `(?:${alternatives
    .trim()
    .split(/\s*\|\s*/)
    .join('|')})`;

// A yes or a no opens the message; English plus the languages the
// assistant serves most (es, fr, de, it, pt, nl).
const YES = new RegExp(
  `^${anyOf(`yes | yeah | yep | yup | ya | sure | ok | okay | confirm
    | confirmed | i confirm | go ahead | do it | please do | correct
    | that'?s right | that is right | absolutely | of course | please
    | sí | si | claro | vale | adelante | oui | d'accord | allez-y | ja
    | klar | gerne | sì | certo | va bene | sim | pode | graag`)}(?![\\p{L}'])`,
  'u',
);
// "No problem" and "no worries" agree as often as they decline.
const NO = new RegExp(
  `^(?!no (?:problem|worries)(?![\\p{L}']))${anyOf(`no | nope | nah | don'?t
    | do not | stop | never mind | wait | hold on | not now | non | nein
    | não | nao | nee`)}(?![\\p{L}'])`,
  'u',
);
/** Words that make a yes conditional or turn it around. */
const HEDGE = new RegExp(
  `(?<![\\p{L}'])${anyOf(`but | not | don'?t | instead | only | except
    | wait | pero | mais | aber | ma | mas | maar`)}(?![\\p{L}'])`,
  'u',
);
/** A longer message is a new request, not an answer. */
const MAX_ANSWER_WORDS = 12;

/**
 * Whether the customer's messages say yes or no to the change the
 * assistant asked them to confirm. Only a short message opening with a
 * plain yes (no "but", "only", "not"…, and no question) confirms; one
 * opening with a no declines; anything else is something else, and the
 * change is dropped. The newest answer stands, and a hedge in a later
 * message ("yes", then "but only the tent") takes the yes back.
 *
 * @example
 * answerToChange(['Yes please']); // 'yes'
 * answerToChange(['yes but only the tent']); // 'other'
 * answerToChange(['yes', 'wait, no']); // 'no'
 */
export function answerToChange(texts: readonly string[]): ChangeAnswer {
  let answer: ChangeAnswer = 'other';
  for (const text of texts) {
    const normal = normalise(text);
    const given = answerOf(normal);
    if (given !== 'other') answer = given;
    else if (answer === 'yes' && HEDGE.test(normal)) answer = 'other';
  }
  return answer;
}

const normalise = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/^[\s¡¿"'(]+/, '')
    .trim();

function answerOf(normal: string): ChangeAnswer {
  if (normal.split(/\s+/).length > MAX_ANSWER_WORDS) return 'other';
  if (NO.test(normal)) return 'no';
  // "ok, how long will the refund take?" asks before it agrees.
  if (YES.test(normal) && !HEDGE.test(normal) && !normal.includes('?')) {
    return 'yes';
  }
  return 'other';
}

/** The change a waiting call put to the customer, from its stored result. */
export function changeOf(call: ToolCall): string {
  try {
    const value: unknown = JSON.parse(call.result ?? '');
    if (
      typeof value === 'object' &&
      value !== null &&
      'change' in value &&
      typeof value.change === 'string'
    ) {
      return value.change;
    }
  } catch {
    // A result that is not JSON names no change; fall through.
  }
  return call.name.replace(/_/g, ' ');
}

/**
 * The call of the customer's next turn that carries their answer: on a yes
 * the same call, confirmed and ready to run; on a no, declined, with a
 * result that tells the model nothing changed.
 */
export function answeredCall(call: ToolCall, answer: 'yes' | 'no'): ToolCall {
  const change = changeOf(call);
  const { result: _asked, latencyMs: _latency, ...rest } = call;
  const carried = { ...rest, round: 1 };
  if (answer === 'yes') {
    return { ...carried, status: 'requested', confirmed: true };
  }
  return {
    ...carried,
    status: 'declined',
    result: JSON.stringify({
      status: 'declined',
      change,
      note: 'The customer said no; nothing was changed.',
    }),
  };
}
