import {
  DETECTABLE_LANGUAGES,
  detectLanguage,
} from '../../functions/shared/language/detect';
import { languageName } from '../../functions/shared/language/names';
import { MESSAGES } from './language-messages';

describe('detectLanguage', () => {
  it('names the language of nearly every customer message, and never a wrong one', () => {
    // Act
    const results = MESSAGES.map(([language, text]) => ({
      language,
      text,
      detected: detectLanguage(text)?.code,
    }));

    // Assess
    const wrong = results.filter(
      (r) => r.detected !== undefined && r.detected !== r.language,
    );
    const right = results.filter((r) => r.detected === r.language);
    expect(wrong).toEqual([]);
    expect(right.length / results.length).toBeGreaterThanOrEqual(0.95);
    expect(new Set(MESSAGES.map(([l]) => l)).size).toBe(10);
  });

  it.each([
    ['hola', 'es'],
    ['merci', 'fr'],
    ['danke', 'de'],
    ['grazie mille', 'it'],
    ['obrigado', 'pt'],
    ['dank je wel', 'nl'],
    ['tack', 'sv'],
    ['dziękuję', 'pl'],
    ['Thanks!', 'en'],
    ['Привет', 'ru'],
    ['Добрий день, де моє замовлення?', 'uk'],
    ['Γεια σας', 'el'],
    ['こんにちは', 'ja'],
    ['你好', 'zh'],
    ['안녕하세요', 'ko'],
    ['مرحبا', 'ar'],
  ])('knows %j for %s', (text, code) => {
    // Act
    const result = detectLanguage(text);

    // Assess
    expect(result?.code).toBe(code);
    expect(result?.confidence).toBeGreaterThan(0);
    expect(DETECTABLE_LANGUAGES).toContain(code);
  });

  it.each([
    ['ok'],
    ['cool'],
    ['hallo'],
    ['hej'],
    ['#W1234567'],
    ['maya@example.com'],
    ['👍'],
    [''],
  ])('leaves %j undecided', (text) => {
    // Act
    const result = detectLanguage(text);

    // Assess
    expect(result).toBeUndefined();
  });

  it.each([
    ['hallo', ['en', 'de'], 'de'],
    ['hallo', ['en', 'nl'], 'nl'],
    ['hej', ['sv', 'en'], 'sv'],
    ['Привет', ['en', 'fr'], undefined],
    ['Where is my order?', ['de', 'fr'], undefined],
  ])('reads %j among %j as %s', (text, candidates, code) => {
    // Act
    const result = detectLanguage(text, { candidates });

    // Assess
    expect(result?.code).toBe(code);
  });
});

describe('languageName', () => {
  it.each([
    ['es', 'Spanish'],
    ['pt-BR', 'Brazilian Portuguese'],
    ['de', 'German'],
    ['xx', 'xx'],
    ['not a code', 'not a code'],
  ])('names %s %j', (code, name) => {
    // Act
    const result = languageName(code);

    // Assess
    expect(result).toBe(name);
  });
});
