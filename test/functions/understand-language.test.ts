import { turnLanguage } from '../../functions/understand/language';

describe('turnLanguage', () => {
  it.each([
    ['Where is my order? It should be here.', '', ['en'], 'en'],
    ['¿Dónde está mi pedido? Debía llegar ayer.', '', ['en'], 'es'],
    [
      'Onde está o meu pedido? Devia ter chegado.',
      '',
      ['en', 'pt-BR'],
      'pt-BR',
    ],
    ['Wo ist meine Bestellung? Sie sollte da sein.', '', ['en-GB'], 'de'],
    ['Where is my order? It should be here.', '', ['en-GB'], 'en-GB'],
    ['ok', '', ['fr', 'en'], 'fr'],
    ['ok', '', ['en'], 'en'],
    ['ok', 'Quiero devolver las botas que compré', ['en'], 'es'],
    ['hallo', '', ['en'], 'en'],
    ['hallo', '', ['en', 'de'], 'de'],
    ['Привет, где мой заказ?', '', ['en'], 'ru'],
    ['Привет, где мой заказ?', '', ['en', 'fr'], 'en'],
    ['#W1234567', '', ['it', 'en'], 'it'],
  ])(
    'reads %j (earlier %j) for a tenant of %j as %s',
    (text, earlier, languages, language) => {
      // Act
      const result = turnLanguage(text, earlier, languages);

      // Assess
      expect(result).toBe(language);
    },
  );
});
