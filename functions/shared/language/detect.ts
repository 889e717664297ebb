import {
  LATIN_LANGUAGES,
  type LatinLanguage,
  LETTER_OWNERS,
  WORD_OWNERS,
} from './markers';
import { SAMPLES } from './samples';
import { SCRIPT_LANGUAGES, scriptLanguage } from './scripts';

/** A detected language: an ISO 639-1 code and how sure the detector is. */
export interface LanguageGuess {
  readonly code: string;
  /** The winner's share of the evidence, from 0 to 1. */
  readonly confidence: number;
}

export interface DetectOptions {
  /**
   * ISO 639-1 codes to choose among; every language the detector knows
   * when absent.
   */
  readonly candidates?: readonly string[];
}

/** Every language the detector can return. */
export const DETECTABLE_LANGUAGES: readonly string[] = [
  ...LATIN_LANGUAGES,
  ...SCRIPT_LANGUAGES,
];

/** Below either bound a text is short: only marker words can decide it. */
const SHORT_WORDS = 3;
const SHORT_LETTERS = 15;
/** Evidence, in nats, of one marker word and of one marker letter. */
const WORD_NATS = 3;
const LETTER_NATS = 1;
/** Smoothing of the trigram profiles. */
const ALPHA = 0.5;
/** A long text whose best two languages are closer than this is unclear. */
const MIN_MARGIN_NATS = 1;

const TOKEN = /\p{L}+(?:'\p{L}+)*/gu;

/**
 * Guesses the language of a customer's text from its script, its marker
 * words and letters, and character trigrams. Returns `undefined` when the
 * text gives too little to go on: no letters, a short message without an
 * unambiguous marker word ("ok", "hallo" between German and Dutch), or a
 * longer one whose best candidates are too close to call.
 *
 * @example
 * detectLanguage('¿Dónde está mi pedido?'); // { code: 'es', confidence: … }
 * detectLanguage('ok'); // undefined
 */
export function detectLanguage(
  text: string,
  options: DetectOptions = {},
): LanguageGuess | undefined {
  const allowed = options.candidates ? new Set(options.candidates) : undefined;
  const clean = cleanText(text);
  const script = scriptLanguage(clean);
  if (script !== undefined) {
    return !allowed || allowed.has(script)
      ? { code: script, confidence: 1 }
      : undefined;
  }

  const languages = LATIN_LANGUAGES.filter((l) => !allowed || allowed.has(l));
  const tokens = clean.match(TOKEN) ?? [];
  if (languages.length === 0 || tokens.length === 0) return undefined;
  const letters = tokens.join('').length;
  const short = tokens.length < SHORT_WORDS || letters < SHORT_LETTERS;
  const markers = markerEvidence(clean, tokens, languages);
  return short
    ? decideShort(markers, languages)
    : decideLong(markers, trigramEvidence(tokens, languages), languages);
}

/** Lower case, one apostrophe, and no e-mails, links or codes with digits. */
function cleanText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’`´]/g, "'")
    .replace(/\S*@\S+|https?:\/\/\S+|\S*\d\S*/g, ' ');
}

const fold = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '');

/**
 * Marker words and letters per language, in nats. An item of several of
 * the languages in question is shared out among them.
 */
function markerEvidence(
  clean: string,
  tokens: readonly string[],
  languages: readonly LatinLanguage[],
): Map<LatinLanguage, number> {
  const score = new Map(languages.map((l) => [l, 0]));
  const add = (
    owners: ReadonlySet<LatinLanguage> | undefined,
    nats: number,
  ) => {
    const mine = languages.filter((l) => owners?.has(l));
    for (const language of mine) {
      score.set(language, (score.get(language) ?? 0) + nats / mine.length);
    }
  };
  for (const token of tokens) {
    const folded = fold(token);
    const parts = WORD_OWNERS.has(folded) ? [folded] : folded.split("'");
    for (const part of parts) add(WORD_OWNERS.get(part), WORD_NATS);
  }
  for (const char of clean) add(LETTER_OWNERS.get(char), LETTER_NATS);
  return score;
}

function decideShort(
  markers: ReadonlyMap<LatinLanguage, number>,
  languages: readonly LatinLanguage[],
): LanguageGuess | undefined {
  const [best, second] = ranked(markers, languages);
  if (!best || best.score < WORD_NATS - 1e-9) return undefined;
  if (second && second.score >= best.score) return undefined;
  const total = [...markers.values()].reduce((a, b) => a + b, 0);
  return { code: best.language, confidence: round(best.score / total) };
}

function decideLong(
  markers: ReadonlyMap<LatinLanguage, number>,
  trigrams: ReadonlyMap<LatinLanguage, number>,
  languages: readonly LatinLanguage[],
): LanguageGuess | undefined {
  const logits = new Map(
    languages.map((l) => [l, (markers.get(l) ?? 0) + (trigrams.get(l) ?? 0)]),
  );
  const [best, second] = ranked(logits, languages);
  if (!best) return undefined;
  if (second && best.score - second.score < MIN_MARGIN_NATS) return undefined;
  const sum = languages.reduce(
    (acc, l) => acc + Math.exp((logits.get(l) ?? 0) - best.score),
    0,
  );
  return { code: best.language, confidence: round(1 / sum) };
}

function ranked(
  scores: ReadonlyMap<LatinLanguage, number>,
  languages: readonly LatinLanguage[],
) {
  return languages
    .map((language) => ({ language, score: scores.get(language) ?? 0 }))
    .sort((a, b) => b.score - a.score);
}

const round = (value: number) => Math.round(value * 1000) / 1000;

interface Profile {
  readonly counts: ReadonlyMap<string, number>;
  readonly total: number;
}

function trigramsOf(tokens: readonly string[]): string[] {
  return tokens.flatMap((token) => {
    const padded = ` ${token} `;
    const grams: string[] = [];
    for (let i = 0; i + 3 <= padded.length; i++) {
      grams.push(padded.slice(i, i + 3));
    }
    return grams;
  });
}

function buildProfiles(): {
  profiles: ReadonlyMap<LatinLanguage, Profile>;
  vocabulary: number;
} {
  const all = new Set<string>();
  const profiles = new Map<LatinLanguage, Profile>();
  for (const language of LATIN_LANGUAGES) {
    const tokens = cleanText(SAMPLES[language]).match(TOKEN) ?? [];
    const counts = new Map<string, number>();
    for (const gram of trigramsOf(tokens)) {
      counts.set(gram, (counts.get(gram) ?? 0) + 1);
      all.add(gram);
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    profiles.set(language, { counts, total });
  }
  return { profiles, vocabulary: all.size + 1 };
}

const MODEL = buildProfiles();

/** Log-likelihood of the text's trigrams per language, in nats. */
function trigramEvidence(
  tokens: readonly string[],
  languages: readonly LatinLanguage[],
): Map<LatinLanguage, number> {
  const grams = trigramsOf(tokens);
  return new Map(
    languages.map((language) => {
      const profile = MODEL.profiles.get(language) as Profile;
      const denominator = profile.total + ALPHA * MODEL.vocabulary;
      const logLikelihood = grams.reduce(
        (sum, gram) =>
          sum +
          Math.log(((profile.counts.get(gram) ?? 0) + ALPHA) / denominator),
        0,
      );
      return [language, logLikelihood];
    }),
  );
}
