import { ASK_LEAD } from './change/intent';
import type { ToolView } from './conversation';
import { listPhrase, words } from './text';
import { argumentLabel } from './tool-arguments';

/**
 * The offline model's fixed phrasings: small talk, questions for missing
 * tool arguments, and the reply when nothing it knows fits.
 */

const GREETINGS = new Set([
  'hi',
  'hello',
  'hey',
  'hiya',
  'howdy',
  'good',
  'morning',
  'afternoon',
  'evening',
  'there',
]);
const THANKS = new Set(['thanks', 'thank', 'you', 'thx', 'ty', 'cheers']);
const FAREWELLS = new Set(['bye', 'goodbye', 'see', 'later', 'ciao']);
const FILLER = new Set([
  'so',
  'much',
  'very',
  'a',
  'lot',
  'ok',
  'okay',
  'great',
  'perfect',
  'awesome',
  'and',
  'all',
  'for',
  'your',
  'help',
  'that',
  'is',
  'it',
  'oh',
  'yay',
]);

/**
 * Ends with the respond step's handoff offer, word for word, so that the
 * understand step recognises a yes to it.
 */
export const NO_ANSWER =
  "I'm sorry, I can't help with that from what I know. " +
  'Would you like me to connect you with a member of our team?';

export const GREETING_REPLY = 'Hello! How can I help you today?';

/** A reply when the text is only a greeting, thanks or goodbye. */
export function smallTalk(text: string): string | undefined {
  const all = words(text);
  if (all.length === 0 || all.length > 8) return undefined;
  const known = (w: string) =>
    GREETINGS.has(w) || THANKS.has(w) || FAREWELLS.has(w) || FILLER.has(w);
  if (!all.every(known)) return undefined;

  if (all.some((w) => FAREWELLS.has(w))) {
    return 'Thank you for getting in touch. Have a great day!';
  }
  if (all.some((w) => THANKS.has(w) && w !== 'you')) {
    return "You're welcome! Is there anything else I can help you with?";
  }
  return all.some((w) => GREETINGS.has(w)) ? GREETING_REPLY : undefined;
}

/** Asks for exactly the arguments a tool still needs. */
export function askForArguments(
  tool: ToolView,
  missing: readonly string[],
  providers: readonly ToolView[],
): string {
  const labels = missing.map((name) => {
    const viaProviders = providers
      .filter((p) => p.name.startsWith(`find_${name}_by_`))
      .map((p) => listPhrase(requiredLabels(p)));
    return viaProviders.length > 0
      ? viaProviders.join(', or your ')
      : argumentLabel(name, tool.schema.properties?.[name]);
  });
  return `${ASK_LEAD} Could you tell me your ${listPhrase(labels)}?`;
}

function requiredLabels(tool: ToolView): string[] {
  return (tool.schema.required ?? []).map((name) =>
    argumentLabel(name, tool.schema.properties?.[name]),
  );
}
