import { InvariantError } from '../../functions/shared/errors';
import { handler } from '../../functions/understand/handler';
import { understand } from '../../functions/understand/understand';
import { OFFER, setUp, WITH_TOOLS } from './understand-world';
import type { FakeTables } from './workflow-steps/fake-tables';
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

let tables: FakeTables;

beforeEach(() => {
  tables = setUp();
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
