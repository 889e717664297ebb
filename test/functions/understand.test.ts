import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { InvariantError } from '../../functions/shared/errors';
import { clearTenantCache } from '../../functions/shared/tenants';
import { classify } from '../../functions/understand/classify';
import { handler } from '../../functions/understand/handler';
import { turnLanguage } from '../../functions/understand/language';
import { routeFor } from '../../functions/understand/routes';
import {
  understand,
  understandMessages,
} from '../../functions/understand/understand';
import type { Message } from '../../schemas/message';
import { FakeTables } from './workflow-steps/fake-tables';
import {
  head,
  lambdaContext,
  message,
  ref,
  seedConversation,
  tenantConfig,
  turn,
  turnItem,
} from './workflow-steps/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
let tables: FakeTables;

const OFFER = 'Would you like me to connect you with a member of our team?';
/** The offer as a model writes it in another language, reworded a little. */
const OFFER_ES =
  'Lo siento. ¿Quiere que le ponga en contacto con un miembro de nuestro equipo?';
const OFFER_DE =
  'Möchten Sie, dass ich Sie mit einem Mitglied unseres Teams verbinde?';
const OFFER_FR =
  'Souhaitez-vous que je vous mette en relation avec un membre de notre equipe?';
const BRING_IN = 'Shall I bring in a person from the support team?';
const UPDATE = 'Your order has shipped.';
const QUESTION = 'Shall I cancel the second item?';

/** A tenant with tools, as the demo tenant is configured. */
const WITH_TOOLS = { tools: { enabled: ['get_order_details'] } };

beforeEach(() => {
  ddb.reset();
  clearTenantCache();
  tables = new FakeTables(ddb);
  delete process.env.MAX_TURNS_PER_EXECUTION;
});

/** The customer's texts, then the assistant's last words, as stored. */
function dialogue(texts: readonly string[], lastAssistant?: string) {
  const before: Message[] = lastAssistant
    ? [message(2, 'assistant', lastAssistant), message(1, 'customer', 'hi')]
    : [];
  const pending = texts.map((text, i) => message(3 + i, 'customer', text));
  return { pending, before };
}

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

describe('routeFor', () => {
  it.each([
    ['greeting', 0.95, {}, 'smalltalk'],
    ['order_lookup', 0.8, {}, 'tool'],
    ['order_lookup', 0.8, { tools: { enabled: [] } }, 'answer'],
    ['handoff_request', 0.9, {}, 'handoff'],
    ['general', 0.5, {}, 'answer'],
    ['refund_status', 0.7, {}, 'answer'],
    [
      'refund_status',
      0.7,
      { intents: { routes: { refund_status: 'tool' } } },
      'tool',
    ],
    [
      'greeting',
      0.95,
      { intents: { routes: { greeting: 'answer' } } },
      'answer',
    ],
    [
      'greeting',
      0.95,
      { intents: { minConfidence: 0.97, threshold: 0.97 } },
      'answer',
    ],
    ['constructor', 0.9, {}, 'answer'],
  ])(
    'routes %s at %d with %j to %s',
    (intent, confidence, overrides, route) => {
      // Prepare
      const config = tenantConfig({ ...WITH_TOOLS, ...overrides });

      // Act
      const result = routeFor({ intent, confidence }, config);

      // Assess
      expect(result).toBe(route);
    },
  );
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

describe('understand', () => {
  it('opens the next turn over the customer messages after lastAnswered', async () => {
    // Prepare
    seedConversation(tables, {
      head: head({ lastSequence: 5, lastAnswered: 2 }),
      messages: [
        message(1, 'customer', 'hi'),
        message(2, 'assistant', 'Hello, how can I help?'),
        message(3, 'customer', 'What is your return policy?'),
        message(4, 'system', 'notice'),
        message(5, 'customer', 'For order #W1234567'),
      ],
    });

    // Act
    const output = await understand({ ...ref(), previousIndex: 2 });

    // Assess
    expect(output).toEqual({
      index: 3,
      route: 'answer',
      intent: 'general',
      confidence: 0.6,
      language: 'en',
      continueAfter: false,
      nextSegment: 2,
      nextExecutionName: 'acme_conv-1_2',
    });
    const stored = turnItem(tables, 3);
    expect(stored).toMatchObject({
      sequences: [3, 5],
      language: 'en',
      runnerUp: { intent: 'order_lookup', confidence: 0.4 },
    });
    expect(stored.reply).toBeUndefined();
    expect(stored.latencyMs.understand).toBeGreaterThanOrEqual(0);
  });

  it('writes the reply to small talk on the turn, in the customer’s language', async () => {
    // Prepare
    seedConversation(tables, {
      messages: [message(1, 'customer', '¡Hola!')],
    });

    // Act
    const output = await understand({ ...ref(), previousIndex: 0 });

    // Assess
    expect(output).toMatchObject({
      route: 'smalltalk',
      intent: 'greeting',
      language: 'es',
    });
    expect(turnItem(tables, 1)).toMatchObject({
      route: 'smalltalk',
      language: 'es',
      reply: {
        text: '¡Hola! ¿En qué puedo ayudarte hoy?',
        citations: [],
        offlineModel: false,
      },
    });
  });

  it('routes an order look-up to the tools when the tenant has them', async () => {
    // Prepare
    seedConversation(tables, {
      messages: [message(1, 'customer', 'hi, where is my order #W1234567')],
      config: tenantConfig(WITH_TOOLS),
    });

    // Act
    const output = await understand({ ...ref(), previousIndex: 0 });

    // Assess
    expect(output).toMatchObject({ route: 'tool', intent: 'order_lookup' });
    expect(turnItem(tables, 1).reply).toBeUndefined();
  });

  it('routes to a human when the customer accepts the offer of a person', async () => {
    // Prepare
    seedConversation(tables, {
      head: head({ lastSequence: 3, lastAnswered: 1 }),
      messages: [
        message(1, 'customer', 'Can I change my flight?'),
        message(2, 'assistant', OFFER),
        message(3, 'customer', 'yes please'),
      ],
    });

    // Act
    const output = await understand({ ...ref(), previousIndex: 0 });

    // Assess
    expect(output).toMatchObject({
      route: 'handoff',
      intent: 'handoff_request',
    });
  });

  it('detects the language of a short message from the customer’s earlier messages', async () => {
    // Prepare
    seedConversation(tables, {
      head: head({ lastSequence: 3, lastAnswered: 2 }),
      messages: [
        message(1, 'customer', 'Quiero devolver las botas que compré'),
        message(2, 'assistant', 'Claro, tienes 30 días.'),
        message(3, 'customer', 'ok'),
      ],
    });

    // Act
    const output = await understand({ ...ref(), previousIndex: 1 });

    // Assess
    expect(output).toMatchObject({ route: 'smalltalk', language: 'es' });
    expect(turnItem(tables, 2).reply?.text).toBe(
      '¡Perfecto! Avísame si hay algo más en lo que pueda ayudarte.',
    );
  });

  it('reuses the turn an earlier attempt opened', async () => {
    // Prepare
    const earlier = turn({ index: 1, sequences: [1], intent: 'greeting' });
    seedConversation(tables, {
      messages: [message(1, 'customer', 'hi'), message(2, 'customer', 'help')],
      turns: [earlier],
    });

    // Act
    const output = await understand({ ...ref(), previousIndex: 0 });

    // Assess
    expect(output).toMatchObject({ index: 1, intent: 'greeting' });
    expect(turnItem(tables, 1)).toMatchObject({
      sequences: [1],
      startedAt: earlier.startedAt,
    });
  });

  it('throws InvariantError when no customer message waits', async () => {
    // Prepare
    seedConversation(tables, {
      head: head({ lastSequence: 2, lastAnswered: 1 }),
      messages: [
        message(1, 'customer', 'hi'),
        message(2, 'assistant', 'Hello'),
      ],
    });

    // Act
    const act = understand({ ...ref(), previousIndex: 1 });

    // Assess
    await expect(act).rejects.toThrow(InvariantError);
    await expect(act).rejects.toThrow(/no customer message after sequence 1/);
  });

  it.each([
    [undefined, 38, false],
    [undefined, 39, true],
    ['3', 1, false],
    ['3', 2, true],
  ])(
    'with MAX_TURNS_PER_EXECUTION=%s continues after turn %i+1: %s',
    async (max, previousIndex, continueAfter) => {
      // Prepare
      if (max) process.env.MAX_TURNS_PER_EXECUTION = max;
      seedConversation(tables, { messages: [message(1, 'customer', 'hi')] });

      // Act
      const output = await understand({ ...ref(), previousIndex });

      // Assess
      expect(output.continueAfter).toBe(continueAfter);
    },
  );

  it('validates the workflow payload in the handler', async () => {
    // Prepare
    seedConversation(tables, { messages: [message(1, 'customer', 'hi')] });

    // Act
    const ok = handler({ ...ref(), previousIndex: 0 }, lambdaContext());
    const bad = handler({ ...ref(), previousIndex: -1 }, lambdaContext());

    // Assess
    await expect(ok).resolves.toMatchObject({ index: 1, intent: 'greeting' });
    await expect(bad).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
