import type { ToolCall } from '../../schemas/turn';

/** How a customer's turn answers the change put to them. */
export type ChangeAnswer = 'yes' | 'no' | 'other';

/** Builds `(?:a|b|c)` from alternatives separated by whitespace and `|`. */
const anyOf = (alternatives: string) =>
  `(?:${alternatives
    .trim()
    .split(/\s*\|\s*/)
    .join('|')})`;

// English plus the languages the assistant serves most (es, fr, de, it,
// pt, nl), written as a message reads once it is lower case, without
// accents and without punctuation ("Allez-y !" reads "allez y").

/** Words that say yes to the change and nothing else. */
const AFFIRMATIONS = anyOf(`yes | yeah | yep | yup | ya | sure | sure thing
  | ok | okay | alright | all right | confirm | confirmed | i confirm
  | go ahead | go for it | proceed | do it | do that | let'?s do it
  | please do | correct | that'?s right | that is right | that'?s correct
  | exactly | absolutely | definitely | of course
  | si | claro | vale | adelante | de acuerdo | correcto | confirmo | hazlo
  | por supuesto | exacto
  | oui | d'accord | allez y | vas y | bien sur | exactement | c'est ca
  | c'est bon | je confirme
  | ja | klar | gerne | gern | genau | richtig | in ordnung | naturlich
  | ich bestatige
  | certo | va bene | esatto | confermo | procedi | d'accordo | certamente
  | sim | pode | com certeza | isso mesmo | correto
  | graag | prima | akkoord | doe maar | klopt | zeker | natuurlijk`);
/** Politeness and acknowledgement that may come with a yes. */
const COURTESIES = anyOf(`please | pls | plz | thanks | thank you
  | thank you very much | thank you so much | thanks a lot | many thanks
  | thx | ty | great | perfect | good | fine | cool | awesome | lovely
  | por favor | gracias | muchas gracias | perfecto
  | s'il vous plait | s'il te plait | merci | merci beaucoup | parfait
  | bitte | danke | danke schon | danke sehr | vielen dank | super
  | per favore | grazie | grazie mille | perfetto
  | obrigado | obrigada | muito obrigado | muito obrigada | perfeito
  | alsjeblieft | alstublieft | dank je | dank je wel | dankjewel | dank u
  | bedankt`);
const EITHER = `(?:${AFFIRMATIONS}|${COURTESIES})`;
/** A message of nothing but yes words and courtesies, one yes at least. */
const YES = new RegExp(
  `^(?:${COURTESIES} )*${AFFIRMATIONS}(?: ${EITHER})*$`,
  'u',
);
/** A message that says nothing beyond courtesies (or nothing at all). */
const COURTESY_ONLY = new RegExp(`^(?:${COURTESIES}(?: |$))*$`, 'u');
// A no opens the message: declining never changes anything, so whatever
// follows it may stand. "No problem" and "no worries" agree as often as
// they decline.
const NO = new RegExp(
  `^(?!no (?:problem|worries)(?![\\p{L}']))${anyOf(`no | nope | nah | don'?t
    | do not | stop | never mind | wait | hold on | not now | non | nein
    | nao | nee`)}(?![\\p{L}'])`,
  'u',
);
/** Bounds the reading of a message; an answer is a few words. */
const MAX_ANSWER_WORDS = 12;

/**
 * Whether the customer's messages say yes or no to the change the
 * assistant asked them to confirm. Only a message that is nothing but a
 * yes ("yes", "ok, go ahead", "Sí, por favor", with courtesies, punctuation
 * and emoji) confirms: any further word, request or question ("yes and
 * also…", "sure, let me think about it", "ok, what about…?") makes it
 * something else, and the change is dropped. A message opening with a no
 * declines. The newest answer stands, and a later message that says more
 * than a courtesy ("yes", then "but only the tent") takes a yes back.
 *
 * @example
 * answerToChange(['Yes please']); // 'yes'
 * answerToChange(['yes but only the tent']); // 'other'
 * answerToChange(['please cancel my other order']); // 'other'
 * answerToChange(['yes', 'wait, no']); // 'no'
 */
export function answerToChange(texts: readonly string[]): ChangeAnswer {
  let answer: ChangeAnswer = 'other';
  for (const text of texts) {
    const normal = normalise(text);
    const given = answerOf(normal);
    if (given !== 'other') answer = given;
    else if (answer === 'yes' && !saysNothing(normal)) answer = 'other';
  }
  return answer;
}

/** Lower case, plain quotes, no accents, no opening punctuation. */
const normalise = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/^[\s¡¿"'(]+/, '')
    .trim();

/** The words of a normalised message, one space apart. */
const wordsOf = (normal: string): string =>
  normal
    .replace(/[^\p{L}\p{N}'\s]+/gu, ' ')
    .split(/\s+/)
    .map((word) => word.replace(/^'+|'+$/g, ''))
    .filter((word) => word !== '')
    .join(' ');

const asks = (normal: string): boolean => /[?¿]/.test(normal);

function answerOf(normal: string): ChangeAnswer {
  const words = wordsOf(normal);
  if (words.split(' ').length > MAX_ANSWER_WORDS) return 'other';
  if (NO.test(normal)) return 'no';
  // "ok, how long will the refund take?" asks before it agrees.
  if (YES.test(words) && !asks(normal)) return 'yes';
  return 'other';
}

/** Whether a message adds nothing to an answer: "thanks!", "👍". */
const saysNothing = (normal: string): boolean =>
  COURTESY_ONLY.test(wordsOf(normal)) && !asks(normal);

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
