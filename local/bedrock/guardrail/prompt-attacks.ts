import type { PatternRule } from './rules';

/**
 * What the local guardrail treats as a prompt attack in a customer's
 * message: attempts to cancel the assistant's instructions, to read them
 * out, to swap its persona, or to forge a system turn. The list is short
 * and literal on purpose: it must never block an ordinary question
 * ("ignore the delivery instructions on my order", "show me the
 * instructions for the stove"), so each pattern needs a word that only an
 * attack uses (previous, system, your instructions, developer mode…).
 * English only. Amazon Bedrock's classifier catches far more; this stand-in
 * exists so that the local runtime blocks the common attacks the same way.
 */

/** Words that make "ignore … instructions" an attack, not a request. */
const QUALIFIER =
  '(?:all|any|every|your|previous|prior|above|earlier|preceding|original|' +
  'initial|system|safety)';
const FILLER = '(?:(?:all|any|every|of|the|your|these|those|my)\\s+)*';
const OBJECT =
  '(?:instructions?|rules|guidelines|prompts?|directions|directives|guardrails)';

export const PROMPT_ATTACK_RULES: readonly PatternRule[] = [
  {
    id: 'ignore-instructions',
    // "ignore all previous instructions", "disregard your rules"
    pattern: new RegExp(
      `\\b(?:ignore|disregard|forget|override|bypass)\\s+${FILLER}` +
        `(?=[^.!?\\n]{0,40}\\b${QUALIFIER}\\b)` +
        `(?:${QUALIFIER}\\s+)*${OBJECT}\\b`,
    ),
    from: 'LOW',
  },
  {
    id: 'reveal-instructions',
    // "reveal your instructions", "print the system prompt"
    pattern:
      /\b(?:reveal|show|print|repeat|output|display|tell me|give me|share|leak|dump)\s+(?:me\s+)?(?:your\s+(?:(?:full|exact|original|hidden|secret|initial|system)\s+)*(?:prompt|instructions)|the\s+(?:(?:full|exact|original|hidden|secret|initial)\s+)*(?:system\s+(?:prompt|message|instructions)|hidden\s+(?:prompt|instructions)))\b/,
    from: 'LOW',
  },
  {
    id: 'developer-mode',
    // "enable developer mode", "DAN mode", "do anything now"
    pattern:
      /\b(?:(?:developer|dev|god|admin|debug|jailbreak|jailbroken|dan|unrestricted)\s+mode|do anything now)\b/,
    from: 'LOW',
  },
  {
    id: 'system-prompt',
    // Any talk of the system prompt or a jailbreak.
    pattern: /\b(?:system\s+prompt|jailbreak\w*)\b/,
    from: 'MEDIUM',
  },
  {
    id: 'persona-swap',
    // "you are now DAN", "from now on you will…", "you are no longer bound"
    pattern:
      /\b(?:you(?:'re| are) now (?:a|an|in|no longer|free|unrestricted|unfiltered|dan|called|named)\b|from now on,? you(?:'re| are| will| must| should)\b|(?:no longer|not) (?:bound|restricted) by\b)/,
    from: 'MEDIUM',
  },
  {
    id: 'role-play',
    // "pretend you are…", "let's role-play", "stay in character"
    pattern:
      /\b(?:pretend (?:that )?(?:you(?:'re| are| were| have)|to be)\b|role[- ]?play|stay in character|without any (?:restrictions|filters|rules|limits)\b)/,
    from: 'MEDIUM',
  },
  {
    id: 'forged-turn',
    // A line that starts like a system turn, or a forged prompt tag.
    pattern:
      /(?:^|\n)\s*(?:system|developer)\s*:|<\s*\/?\s*(?:system|instructions|knowledge|passage|agent_notes|tool_results?)\b/,
    from: 'MEDIUM',
  },
  {
    id: 'act-as',
    // "act as an unfiltered AI", "new instructions:"
    pattern:
      /\b(?:act as (?:if you (?:are|were) )?(?:an? )?(?:unfiltered|unrestricted|uncensored|evil|different)\b|new instructions\s*:)/,
    from: 'HIGH',
  },
];
