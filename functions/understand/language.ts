import { detectLanguage } from '../shared/language/detect';

const base = (code: string) => code.split('-')[0] ?? code;

/**
 * The language of a turn, as a BCP 47 code: detected in the turn's text,
 * else in the customer's earlier messages (a short "ok" or "hallo" says
 * too little), else the tenant's default (its first language).
 *
 * A tenant serving several languages gets one of them, spelt as it
 * configured it (`pt-BR`). A tenant serving one language still gets the
 * language the customer wrote in, so that the reply can follow it.
 */
export function turnLanguage(
  text: string,
  earlierText: string,
  languages: readonly string[],
): string {
  const fallback = languages[0] ?? 'en';
  const candidates = languages.length > 1 ? languages.map(base) : undefined;
  const guess =
    detectLanguage(text, { candidates }) ??
    detectLanguage(earlierText, { candidates });
  if (!guess) return fallback;
  return languages.find((l) => base(l) === guess.code) ?? guess.code;
}
