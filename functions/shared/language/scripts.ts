/**
 * Languages told apart by their writing system alone. Each entry names
 * the script's letters and the language it stands for; the first matching
 * entry wins, so Japanese (kana) comes before Chinese (Han only), and
 * Ukrainian's own letters before the rest of Cyrillic.
 */
const SCRIPTS: readonly { readonly letters: RegExp; readonly code: string }[] =
  [
    { letters: /[\p{Script=Hiragana}\p{Script=Katakana}]/u, code: 'ja' },
    { letters: /\p{Script=Hangul}/u, code: 'ko' },
    { letters: /\p{Script=Han}/u, code: 'zh' },
    { letters: /[іїєґ]/u, code: 'uk' },
    { letters: /\p{Script=Cyrillic}/u, code: 'ru' },
    { letters: /\p{Script=Greek}/u, code: 'el' },
    { letters: /\p{Script=Arabic}/u, code: 'ar' },
    { letters: /\p{Script=Hebrew}/u, code: 'he' },
    { letters: /\p{Script=Thai}/u, code: 'th' },
    { letters: /\p{Script=Devanagari}/u, code: 'hi' },
  ];

export const SCRIPT_LANGUAGES = SCRIPTS.map((s) => s.code);

const LATIN = /\p{Script=Latin}/u;
const LETTER = /\p{L}/u;

/**
 * The language of a text written mostly in one of the scripts above, or
 * `undefined` when Latin letters are at least as many as the others.
 */
export function scriptLanguage(text: string): string | undefined {
  let latin = 0;
  let other = 0;
  for (const char of text) {
    if (LATIN.test(char)) latin++;
    else if (LETTER.test(char)) other++;
  }
  if (other === 0 || other <= latin) return undefined;
  return SCRIPTS.find((s) => s.letters.test(text))?.code;
}
