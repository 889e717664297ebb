import { classify } from '../../functions/understand/classify';
import { understandMessages } from '../../functions/understand/understand';
import {
  BRING_IN,
  dialogue,
  OFFER,
  OFFER_DE,
  OFFER_ES,
  OFFER_FR,
  QUESTION,
  setUp,
  UPDATE,
  WITH_TOOLS,
} from './understand-world';
import { tenantConfig } from './workflow-steps/fixtures';

beforeEach(() => {
  setUp();
});

describe('understandMessages', () => {
  it.each([
    [['Can I talk to a human?'], UPDATE, 'handoff_request', 'handoff'],
    [['agent please'], UPDATE, 'handoff_request', 'handoff'],
    [['I want a human'], undefined, 'handoff_request', 'handoff'],
    [['I want a real person now'], UPDATE, 'handoff_request', 'handoff'],
    [['Let me speak to your manager'], UPDATE, 'handoff_request', 'handoff'],
    [
      ['Quiero hablar con una persona'],
      undefined,
      'handoff_request',
      'handoff',
    ],
    [
      ['Je voudrais parler à un conseiller'],
      undefined,
      'handoff_request',
      'handoff',
    ],
    [['yes please'], OFFER, 'handoff_request', 'handoff'],
    [['Sure'], OFFER, 'handoff_request', 'handoff'],
    [['ok'], BRING_IN, 'handoff_request', 'handoff'],
    [['no, not yet'], OFFER, 'general', 'answer'],
    [['Sí, por favor'], OFFER_ES, 'handoff_request', 'handoff'],
    [['Ja, gerne!'], OFFER_DE, 'handoff_request', 'handoff'],
    [['Non merci'], OFFER_FR, 'general', 'answer'],
    [['Sí, por favor'], UPDATE, 'general', 'answer'],
    [['yes please'], UPDATE, 'general', 'answer'],
    [['ok'], QUESTION, 'general', 'answer'],
    [['ok'], UPDATE, 'acknowledgement', 'smalltalk'],
    [['cool'], undefined, 'acknowledgement', 'smalltalk'],
    [['Hello!'], UPDATE, 'greeting', 'smalltalk'],
    [['hi', 'good morning'], UPDATE, 'greeting', 'smalltalk'],
    [['Thanks so much!'], UPDATE, 'thanks', 'smalltalk'],
    [['thanks, bye'], UPDATE, 'goodbye', 'smalltalk'],
    [['hi, where is my order #W1234567'], undefined, 'order_lookup', 'tool'],
    [['hi', 'where is my order #W1234567'], undefined, 'order_lookup', 'tool'],
    [
      ['What is the status of order #W3308846?'],
      undefined,
      'order_lookup',
      'tool',
    ],
    [['¿Dónde está mi pedido #W1234567?'], undefined, 'order_lookup', 'tool'],
    [['Where is my order?'], undefined, 'order_lookup', 'tool'],
    [['my email is maya@example.com'], undefined, 'account_lookup', 'tool'],
    [['Can I return order #W1234567?'], undefined, 'general', 'answer'],
    [['How long do I have to return an item?'], undefined, 'general', 'answer'],
    [['How do I cancel an order?'], undefined, 'general', 'answer'],
    [['Which payment methods do you accept?'], undefined, 'general', 'answer'],
    [['hi, where is my refund?'], UPDATE, 'general', 'answer'],
    [['thanks for nothing'], UPDATE, 'general', 'answer'],
    [['The person who delivered it was rude'], UPDATE, 'general', 'answer'],
  ])(
    'reads %j after %j as %s, routed to %s',
    async (texts, lastAssistant, intent, route) => {
      // Prepare
      const { pending, before } = dialogue(texts, lastAssistant);

      // Act
      const result = await understandMessages(
        pending,
        before,
        tenantConfig(WITH_TOOLS),
      );

      // Assess
      expect(result).toMatchObject({ intent, route });
      expect(result.confidence).toBeGreaterThan(0);
      expect(result.reply === undefined).toBe(route !== 'smalltalk');
    },
  );

  it.each([
    ['hi', 'en', 'Hello! How can I help you today?'],
    ['¡Hola!', 'es', '¡Hola! ¿En qué puedo ayudarte hoy?'],
    ['Buenos días', 'es', '¡Hola! ¿En qué puedo ayudarte hoy?'],
    ['bonjour', 'fr', "Bonjour ! Comment puis-je vous aider aujourd'hui ?"],
    ['Guten Morgen', 'de', 'Hallo! Wie kann ich Ihnen heute helfen?'],
    ['ciao', 'it', 'Ciao! Come posso aiutarti oggi?'],
    ['Olá, bom dia', 'pt', 'Olá! Como posso ajudar hoje?'],
    ['Goedemorgen', 'nl', 'Hallo! Waarmee kan ik je vandaag helpen?'],
    [
      'merci beaucoup',
      'fr',
      'Avec plaisir ! Puis-je vous aider pour autre chose ?',
    ],
    ['vielen Dank', 'de', 'Gern geschehen! Kann ich Ihnen sonst noch helfen?'],
    ['grazie mille', 'it', "Prego! Posso aiutarti con qualcos'altro?"],
    ['obrigado', 'pt', 'De nada! Posso ajudar com mais alguma coisa?'],
    [
      'tack så mycket',
      'sv',
      'Varsågod! Finns det något mer jag kan hjälpa dig med?',
    ],
    ['adiós', 'es', 'Gracias por escribirnos. ¡Que tengas un buen día!'],
  ])('answers the small talk %j in %s', async (text, language, reply) => {
    // Prepare
    const { pending, before } = dialogue([text]);

    // Act
    const result = await understandMessages(pending, before, tenantConfig());

    // Assess
    expect(result).toMatchObject({ route: 'smalltalk', language, reply });
  });

  it('answers small talk in the tenant’s default language when it has no words of its own', async () => {
    // Prepare: "hej" is Swedish or Danish; the tenant serves German first
    const { pending, before } = dialogue(['hej']);

    // Act
    const result = await understandMessages(
      pending,
      before,
      tenantConfig({ languages: ['de', 'en'] }),
    );

    // Assess
    expect(result).toMatchObject({
      route: 'smalltalk',
      language: 'de',
      reply: 'Hallo! Wie kann ich Ihnen heute helfen?',
    });
  });

  it('keeps a look-up that also asks about policy on knowledge, with the look-up as runner-up', async () => {
    // Prepare
    const { pending, before } = dialogue(['Can I return order #W1234567?']);

    // Act
    const result = await understandMessages(
      pending,
      before,
      tenantConfig(WITH_TOOLS),
    );

    // Assess
    expect(result).toEqual({
      intent: 'general',
      confidence: 0.6,
      runnerUp: { intent: 'order_lookup', confidence: 0.4 },
      route: 'answer',
      language: 'en',
    });
  });
});

describe('classify', () => {
  it('gives the runner-up of a mixed small-talk message', async () => {
    // Act
    const result = await classify('ok, thanks!', tenantConfig());

    // Assess
    expect(result).toEqual({
      intent: 'thanks',
      confidence: 0.9,
      runnerUp: { intent: 'acknowledgement', confidence: 0.1 },
    });
  });
});
