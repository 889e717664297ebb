import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { respond } from '../../functions/respond/respond';
import { CITATION_RULE } from '../../functions/shared/prompt-format';
import {
  bedrock,
  INPUT,
  passage,
  resetWorld,
  seed,
  sentRequest,
} from './respond-world';
import { message, textAnswer } from './workflow-steps/fixtures';

/** What the model is sent: the system prompt and the transcript. */

beforeEach(resetWorld);

describe('respond', () => {
  it('grounds the system prompt in persona, rules, passages and agent notes', async () => {
    // Prepare
    seed({
      messages: [
        message(1, 'customer', 'Where is my order?'),
        message(2, 'note', 'Customer is a VIP'),
      ],
      turn: { sequences: [1], passages: [passage('faq#1', 'FAQ')] },
    });
    bedrock.on(ConverseCommand).resolves(textAnswer('On its way.'));

    // Act
    await respond(INPUT);

    // Assess
    const request = sentRequest();
    const system = request.system?.[0]?.text ?? '';
    expect(request.modelId).toBe(process.env.BEDROCK_MODEL_ID);
    expect(system).toMatch(
      /^You are Ava, the customer service assistant of Acme\./,
    );
    expect(system).toContain('Be warm.');
    expect(system).toContain('- Reply in English (en), the customer');
    expect(system).toContain(CITATION_RULE);
    expect(system).toContain(
      '<passage id="faq#1" title="FAQ">\nText of faq#1\n</passage>',
    );
    expect(system).toContain(
      '<agent_notes note="from human colleagues, for you only">\n- Customer is a VIP',
    );
    expect(request.toolConfig).toBeUndefined();
  });

  it.each([
    ['es', 'Reply in Spanish (es)'],
    ['pt-BR', 'Reply in Brazilian Portuguese (pt-BR)'],
    ['de', 'Reply in German (de)'],
  ])(
    'tells the model to reply in the turn’s language %s',
    async (language, rule) => {
      // Prepare
      seed({
        messages: [message(1, 'customer', '¿Dónde está mi pedido?')],
        turn: { language },
      });
      bedrock.on(ConverseCommand).resolves(textAnswer('En camino.'));

      // Act
      await respond(INPUT);

      // Assess
      const system = sentRequest().system?.[0]?.text ?? '';
      expect(system).toContain(`- ${rule}, the customer's language`);
      expect(system).not.toContain('Reply in English');
    },
  );

  it('merges the transcript into alternating roles that start with the customer', async () => {
    // Prepare
    seed({
      messages: [
        message(1, 'assistant', 'Welcome!'),
        message(2, 'customer', 'Hi'),
        message(3, 'customer', 'Where is my order?'),
        message(4, 'assistant', 'Let me check.'),
        message(5, 'agent', 'It ships today.'),
        message(6, 'system', 'A member of our team joined.'),
        message(7, 'customer', 'Thanks, and the refund?'),
        message(8, 'customer', 'Written after the turn opened'),
      ],
      turn: { sequences: [7] },
    });
    bedrock.on(ConverseCommand).resolves(textAnswer('Refunds take 5 days.'));

    // Act
    await respond(INPUT);

    // Assess
    expect(sentRequest().messages).toEqual([
      { role: 'user', content: [{ text: 'Hi\n\nWhere is my order?' }] },
      {
        role: 'assistant',
        content: [{ text: 'Let me check.\n\n(human agent) It ships today.' }],
      },
      { role: 'user', content: [{ text: 'Thanks, and the refund?' }] },
    ]);
  });

  it('keeps only the last transcriptWindow dialogue messages', async () => {
    // Prepare
    const messages = [1, 2, 3, 4, 5, 6].map((n) =>
      message(n, n % 2 ? 'customer' : 'assistant', `m${n}`),
    );
    messages.push(message(7, 'customer', 'm7'));
    seed({
      messages,
      turn: { sequences: [7] },
      config: { transcriptWindow: 3 },
    });
    bedrock.on(ConverseCommand).resolves(textAnswer('ok'));

    // Act
    await respond(INPUT);

    // Assess
    expect(sentRequest().messages?.map((m) => m.content?.[0]?.text)).toEqual([
      'm5',
      'm6',
      'm7',
    ]);
  });
});
