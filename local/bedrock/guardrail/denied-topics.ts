import type { DeniedTopic } from '../../../schemas/guardrails';
import { termSet } from '../text';

/**
 * The local guardrail's denied topics: word matching in place of Bedrock's
 * classifier, over stemmed content words (`termSet`). A text is on a topic
 * when any of these holds:
 *
 * 1. Name: it holds every word of the topic's name, in any order ("legal
 *    advice" matches "I need advice, legal advice").
 * 2. Example: it holds at least 60 % of an example's words, and at least
 *    three of them (all of them for an example shorter than that).
 * 3. Definition: it holds at least four words of the definition.
 *
 * Definitions and examples should therefore use the topic's own words
 * ("sprain", "lawsuit") rather than the shop's ("gear", "order"), which
 * every customer uses. English only.
 */

/** Connecting words of definitions that say nothing about the topic. */
const FILLER = new Set([
  'such',
  'using',
  'use',
  'includ',
  'whether',
  'regard',
  'relat',
  'etc',
]);

const EXAMPLE_COVERAGE = 0.6;
const EXAMPLE_MIN_WORDS = 3;
const DEFINITION_MIN_WORDS = 4;

/** Words of a topic, read once per guardrail. */
export interface TopicMatcher {
  readonly topic: DeniedTopic;
  readonly name: ReadonlySet<string>;
  readonly definition: ReadonlySet<string>;
  readonly examples: readonly ReadonlySet<string>[];
}

export function topicMatcher(topic: DeniedTopic): TopicMatcher {
  return {
    topic,
    name: topicWords(topic.name),
    definition: topicWords(topic.definition),
    examples: topic.examples.map(topicWords).filter((e) => e.size > 0),
  };
}

function topicWords(text: string): Set<string> {
  return new Set([...termSet(text)].filter((word) => !FILLER.has(word)));
}

/** The first topic the text is on, if any. */
export function deniedTopicOf(
  matchers: readonly TopicMatcher[],
  text: string,
): DeniedTopic | undefined {
  const words = termSet(text);
  if (words.size === 0) return undefined;
  return matchers.find((m) => isOnTopic(m, words))?.topic;
}

function isOnTopic(matcher: TopicMatcher, words: ReadonlySet<string>) {
  const byName =
    matcher.name.size > 0 && shared(matcher.name, words) === matcher.name.size;
  const byDefinition =
    shared(matcher.definition, words) >= DEFINITION_MIN_WORDS;
  return (
    byName || byDefinition || matcher.examples.some((e) => covers(e, words))
  );
}

function covers(example: ReadonlySet<string>, words: ReadonlySet<string>) {
  const hits = shared(example, words);
  return (
    hits >= Math.min(EXAMPLE_MIN_WORDS, example.size) &&
    hits / example.size >= EXAMPLE_COVERAGE
  );
}

function shared(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let count = 0;
  for (const word of a) if (b.has(word)) count++;
  return count;
}
