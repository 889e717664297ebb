import { SMALL_TALK_KINDS, type SmallTalkKind } from './small-talk';

type Replies = Readonly<Record<SmallTalkKind, string>>;

/** The small-talk replies, by language (ISO 639-1) and kind. */
const REPLIES: Readonly<Record<string, Replies>> = {
  en: {
    greeting: 'Hello! How can I help you today?',
    thanks: "You're welcome! Is there anything else I can help you with?",
    goodbye: 'Thank you for getting in touch. Have a great day!',
    acknowledgement:
      'Great! Let me know if there is anything else I can help you with.',
  },
  es: {
    greeting: '¡Hola! ¿En qué puedo ayudarte hoy?',
    thanks: '¡De nada! ¿Hay algo más en lo que pueda ayudarte?',
    goodbye: 'Gracias por escribirnos. ¡Que tengas un buen día!',
    acknowledgement:
      '¡Perfecto! Avísame si hay algo más en lo que pueda ayudarte.',
  },
  fr: {
    greeting: "Bonjour ! Comment puis-je vous aider aujourd'hui ?",
    thanks: 'Avec plaisir ! Puis-je vous aider pour autre chose ?',
    goodbye: 'Merci de nous avoir contactés. Bonne journée !',
    acknowledgement:
      "Parfait ! N'hésitez pas si je peux vous aider pour autre chose.",
  },
  de: {
    greeting: 'Hallo! Wie kann ich Ihnen heute helfen?',
    thanks: 'Gern geschehen! Kann ich Ihnen sonst noch helfen?',
    goodbye: 'Danke für Ihre Nachricht. Einen schönen Tag noch!',
    acknowledgement:
      'Prima! Sagen Sie gern Bescheid, wenn ich noch etwas für Sie tun kann.',
  },
  it: {
    greeting: 'Ciao! Come posso aiutarti oggi?',
    thanks: "Prego! Posso aiutarti con qualcos'altro?",
    goodbye: 'Grazie per averci contattato. Buona giornata!',
    acknowledgement:
      "Perfetto! Fammi sapere se posso aiutarti con qualcos'altro.",
  },
  pt: {
    greeting: 'Olá! Como posso ajudar hoje?',
    thanks: 'De nada! Posso ajudar com mais alguma coisa?',
    goodbye: 'Obrigado pela mensagem. Tenha um ótimo dia!',
    acknowledgement: 'Ótimo! Diga se posso ajudar com mais alguma coisa.',
  },
  nl: {
    greeting: 'Hallo! Waarmee kan ik je vandaag helpen?',
    thanks: 'Graag gedaan! Kan ik je ergens anders mee helpen?',
    goodbye: 'Bedankt voor je bericht. Nog een fijne dag!',
    acknowledgement: 'Top! Laat het weten als ik nog ergens mee kan helpen.',
  },
  sv: {
    greeting: 'Hej! Hur kan jag hjälpa dig i dag?',
    thanks: 'Varsågod! Finns det något mer jag kan hjälpa dig med?',
    goodbye: 'Tack för att du hörde av dig. Ha en fin dag!',
    acknowledgement:
      'Toppen! Säg till om det är något mer jag kan hjälpa dig med.',
  },
  da: {
    greeting: 'Hej! Hvordan kan jeg hjælpe dig i dag?',
    thanks: 'Det var så lidt! Er der andet, jeg kan hjælpe dig med?',
    goodbye: 'Tak fordi du skrev. Hav en god dag!',
    acknowledgement:
      'Fint! Sig endelig til, hvis der er mere, jeg kan hjælpe med.',
  },
  pl: {
    greeting: 'Dzień dobry! W czym mogę pomóc?',
    thanks: 'Proszę bardzo! Czy mogę pomóc w czymś jeszcze?',
    goodbye: 'Dziękujemy za kontakt. Miłego dnia!',
    acknowledgement: 'Świetnie! Daj znać, jeśli mogę w czymś jeszcze pomóc.',
  },
};

const base = (code: string) => code.split('-')[0] ?? code;

const isKind = (intent: string): intent is SmallTalkKind =>
  (SMALL_TALK_KINDS as readonly string[]).includes(intent);

/**
 * The fixed reply to small talk of `intent` in `language`, else in the
 * tenant's default language, else in English. `undefined` when the intent
 * is not small talk.
 *
 * @example smallTalkReply('thanks', 'es-MX', 'en'); // '¡De nada! …'
 */
export function smallTalkReply(
  intent: string,
  language: string,
  defaultLanguage: string,
): string | undefined {
  if (!isKind(intent)) return undefined;
  const replies =
    REPLIES[base(language)] ?? REPLIES[base(defaultLanguage)] ?? REPLIES.en;
  return replies?.[intent];
}
