import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { respond } from '../../functions/respond/respond';
import { logger } from '../../functions/shared/observability';
import {
  bedrock,
  call,
  INPUT,
  passage,
  resetWorld,
  seed,
  sentRequest,
  storedTurn,
} from './respond-world';
import { textAnswer } from './workflow-steps/fixtures';

/** The reply stored: its citations, handoffs, retries and the model used. */

beforeEach(resetWorld);

describe('respond', () => {
  it('hands off without calling the model when the turn asks for a human', async () => {
    // Prepare
    seed({ turn: { route: 'handoff', intent: 'handoff_request' } });

    // Act
    const output = await respond(INPUT);

    // Assess
    expect(output).toEqual({ action: 'handoff', reason: 'customer_request' });
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(0);
  });

  it('stores the reply with only the citations of retrieved passages', async () => {
    // Prepare
    seed({
      turn: {
        passages: [passage('returns#2', 'Returns', 'https://x.test/r')],
        usage: { inputTokens: 10, outputTokens: 5, calls: 1 },
      },
    });
    bedrock.on(ConverseCommand).resolves(
      textAnswer('You have 30 days [[returns#2]]. Ask again [[made-up#1]].', {
        additionalModelResponseFields: { offlineModel: true },
      }),
    );

    // Act
    const output = await respond(INPUT);

    // Assess
    expect(output).toEqual({ action: 'reply', reason: 'none' });
    const stored = storedTurn();
    expect(stored.reply).toEqual({
      text: 'You have 30 days. Ask again.',
      citations: [
        { id: 'returns#2', title: 'Returns', url: 'https://x.test/r' },
      ],
      offlineModel: true,
    });
    expect(stored.usage).toEqual({
      inputTokens: 110,
      outputTokens: 25,
      calls: 2,
    });
    expect(stored.latencyMs.respond).toBeGreaterThanOrEqual(0);
  });

  it.each([
    ['cites none of the passages it was given', 'You have 30 days.', true],
    ['cites a passage', 'You have 30 days [[returns#2]].', false],
  ])('flags a knowledge reply that %s', async (_, answer, uncited) => {
    // Prepare
    seed({ turn: { passages: [passage('returns#2', 'Returns')] } });
    bedrock.on(ConverseCommand).resolves(textAnswer(answer));
    const info = jest.spyOn(logger, 'info');

    // Act
    await respond(INPUT);

    // Assess
    expect(info).toHaveBeenCalledWith(
      'Reply stored',
      expect.objectContaining({ uncited_knowledge: uncited }),
    );
    info.mockRestore();
  });

  it.each([
    [
      'a stored reply',
      { reply: { text: 'Hi', citations: [], offlineModel: false } },
      'reply',
    ],
    [
      'unrun tool calls',
      {
        toolRounds: 1,
        toolCalls: [call({ status: 'requested', result: undefined })],
      },
      'tool',
    ],
  ])(
    'answers a retry from %s without calling the model again',
    async (_case, stored, action) => {
      // Prepare
      seed({ turn: stored });

      // Act
      const output = await respond(INPUT);

      // Assess
      expect(output).toEqual({ action, reason: 'none' });
      expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(0);
    },
  );

  it('uses the tenant’s model when it names one', async () => {
    // Prepare
    seed({ config: { modelId: 'tenant-model' } });
    bedrock.on(ConverseCommand).resolves(textAnswer('ok'));

    // Act
    await respond(INPUT);

    // Assess
    expect(sentRequest().modelId).toBe('tenant-model');
  });
});
