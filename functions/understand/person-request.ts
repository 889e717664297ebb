import { answerToChange } from '../shared/confirmation';
import { offersPerson } from '../shared/handoff-offer';
import { anyOf } from '../shared/word-patterns';

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
  // Spanish, French, Italian, Portuguese: "speak with a person". `\b`
  // treats accented letters as non-word characters, so French stops short.
  /\b(?:hablar|comunicarme)\b.{0,25}\b(?:humano|persona|agente|asesor|operador)\b/,
  /\bparler\b.{0,25}\b(?:humain|personne|conseill|agent|op[ée]rateur)/,
  /\bparlare\b.{0,25}\b(?:operatore|persona|umano|agente)\b/,
  /\bfalar\b.{0,25}\b(?:atendente|humano|pessoa|agente)\b/,
  // German and Dutch put the verb last: "mit einem Menschen sprechen".
  /\b(?:mensch|menschen|mitarbeiter|mitarbeiterin|berater)\b.{0,25}\b(?:sprechen|reden)\b/,
  /\b(?:medewerker|mens|persoon)\b.{0,25}\b(?:spreken|praten)\b/,
];

const YES = new RegExp(
  `^\\W*${anyOf(`yes|yeah|yep|yup|ya|sure|ok|okay|please|y|absolutely
    of course|go ahead|do it|that would be (?:great|good|nice)`)}\\b`,
);
const NO = /\b(?:no|nope|not|don'?t|never)\b/;

/** Whether the customer asks for a person rather than the assistant. */
export function asksForPerson(text: string): boolean {
  const lower = text.toLowerCase();
  return ASKS_FOR_PERSON.some((pattern) => pattern.test(lower));
}

/**
 * Whether the customer says yes to the assistant's offer of a person: the
 * assistant's last message made the offer (`offersPerson`, in any of the
 * offer's languages), and one of the customer's messages since is a yes in
 * any of those languages ("Sí, por favor"), or opens with an English yes
 * and holds no no ("yes, please put me through").
 */
export function acceptsOffer(
  customerTexts: readonly string[],
  lastAssistantText: string | undefined,
): boolean {
  if (lastAssistantText === undefined || !offersPerson(lastAssistantText)) {
    return false;
  }
  return customerTexts.some((text) => {
    const lower = text.toLowerCase();
    const englishYes = YES.test(lower) && !NO.test(lower);
    return englishYes || answerToChange([text]) === 'yes';
  });
}
