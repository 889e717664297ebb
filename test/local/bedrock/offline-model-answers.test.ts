import {
  CITATION_RULE,
  extractCitations,
  renderKnowledge,
} from '../../../functions/shared/prompt-format';
import { converse, SYSTEM, user } from './offline-model-fixtures';

describe('offlineConverse', () => {
  it.each([
    ['Can I return my shoes?', 'returns-1', 'within 30 days'],
    ['How long does shipping take?', 'shipping-1', 'business days'],
    ['Do you ship to Canada?', 'shipping-1', 'United States and Canada'],
    ['How long does delivery take?', 'shipping-1', '3 to 5 business days'],
  ])('answers %j from the passage %s and cites it', (question, id, fact) => {
    // Prepare
    const messages = [user(question)];

    // Act
    const { response, text } = converse(messages);

    // Assess
    expect(response.stopReason).toBe('end_turn');
    expect(response.additionalModelResponseFields.route).toBe('passage');
    expect(text).toContain(fact);
    expect(text).toMatch(/^According to our \w+ policy: /);
    expect(extractCitations(text).ids).toEqual([id]);
  });

  describe('among passages of one article', () => {
    // Sections of one shipping article: each says "shipping", one says how long.
    const SECTIONS = [
      {
        id: 'shipping#1',
        title: 'Shipping and delivery',
        text: '## Where we ship\nWe ship to street addresses in the United States. We do not ship to PO boxes.',
      },
      {
        id: 'shipping#2',
        title: 'Shipping and delivery',
        text: '## Delivery times\n- Standard shipping: 3 to 6 business days after the order is processed.\n- Expedited shipping: 1 to 2 business days.',
      },
      {
        id: 'shipping#3',
        title: 'Shipping and delivery',
        text: '## Costs\nStandard shipping is free on orders of $75 or more; below that it costs $6.95. Expedited shipping costs $18.',
      },
    ];
    const system = [CITATION_RULE, renderKnowledge(SECTIONS)].join('\n');

    it.each([
      ['How long does shipping take?', 'shipping#2', '3 to 6 business days'],
      ['How quickly is expedited shipping?', 'shipping#2', '1 to 2 business'],
      ['How much does shipping cost?', 'shipping#3', '$6.95'],
      ['Do you ship to PO boxes?', 'shipping#1', 'PO boxes'],
    ])('answers %j from the section that gives it', (question, id, fact) => {
      // Act
      const { text } = converse([user(question)], system);

      // Assess
      expect(text).toContain(fact);
      expect(extractCitations(text).ids[0]).toBe(id);
    });
  });

  it.each([
    ['How do I fly to Mars?', SYSTEM],
    ['What will the weather be in Paris tomorrow?', SYSTEM],
    ['Can I return my shoes?', 'You are Ava. No knowledge today.'],
  ])('offers a person when nothing covers %j', (question, system) => {
    // Prepare
    const messages = [user(question)];

    // Act
    const { response, text } = converse(messages, system);

    // Assess
    expect(response.additionalModelResponseFields.route).toBe('no_answer');
    expect(text).toContain('connect you with a member of our team');
    expect(extractCitations(text).ids).toEqual([]);
  });

  it.each([
    ['Hi there!', 'How can I help'],
    ['Good morning', 'How can I help'],
    ['Thank you so much', "You're welcome"],
    ['ok bye', 'Have a great day'],
  ])('answers the small talk %j without passages', (text, reply) => {
    // Act
    const result = converse([user(text)]);

    // Assess
    expect(result.response.additionalModelResponseFields.route).toBe(
      'small_talk',
    );
    expect(result.text).toContain(reply);
  });
});
