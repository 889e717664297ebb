import { systemPrompt } from '../../functions/respond/prompt';
import {
  HANDOFF_OFFERS,
  handoffOffer,
  offersPerson,
} from '../../functions/shared/handoff-offer';
import { tenantConfig } from './workflow-steps/fixtures';

describe('handoffOffer', () => {
  it.each([
    ['es', HANDOFF_OFFERS.es],
    ['pt-BR', HANDOFF_OFFERS.pt],
    ['sv', HANDOFF_OFFERS.en],
  ])('gives the offer for %s', (language, offer) => {
    // Act
    const text = handoffOffer(language);

    // Assess
    expect(text).toBe(offer);
  });
});

describe('offersPerson', () => {
  it.each(Object.entries(HANDOFF_OFFERS))(
    'recognises the %s offer inside a reply, however punctuated',
    (_, offer) => {
      // Prepare
      const reply = `Sorry about that. ${offer.replace(/[¿?]/g, '')}!`;

      // Act & Assess
      expect(offersPerson(reply)).toBe(true);
    },
  );

  it.each([
    'Shall I bring in a colleague from our support team?',
    'I can transfer you to a person if you like.',
  ])('recognises an English offer in other words: %s', (reply) => {
    expect(offersPerson(reply)).toBe(true);
  });

  it.each([
    'Your order #W1234567 has shipped.',
    'Nuestro equipo responde en 24 horas.',
  ])('finds no offer in %s', (reply) => {
    expect(offersPerson(reply)).toBe(false);
  });
});

describe('the respond prompt', () => {
  it("asks for the offer in the customer's language", () => {
    // Act
    const prompt = systemPrompt({
      config: tenantConfig(),
      passages: [],
      notes: [],
      tools: 'exhausted',
      language: 'de',
    });

    // Assess
    expect(prompt).toContain(`ask exactly: "${HANDOFF_OFFERS.de}"`);
    expect(prompt).toContain(`or ask: "${HANDOFF_OFFERS.de}"`);
    expect(prompt).not.toContain(HANDOFF_OFFERS.en);
  });
});
