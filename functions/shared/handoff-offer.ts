import { anyOf } from './word-patterns';

/**
 * The sentence the assistant offers a person with, in the languages the
 * assistant serves most. The respond step asks the model for exactly the
 * customer's language's sentence; the understand step recognises it in the
 * assistant's last reply and takes a yes after it as a request for a
 * person.
 */
export const HANDOFF_OFFERS: Readonly<Record<string, string>> = {
  en: 'Would you like me to connect you with a member of our team?',
  es: '¿Quiere que le ponga en contacto con un miembro de nuestro equipo?',
  fr: 'Souhaitez-vous que je vous mette en relation avec un membre de notre équipe ?',
  de: 'Möchten Sie, dass ich Sie mit einem Mitglied unseres Teams verbinde?',
  it: 'Vuole che la metta in contatto con un membro del nostro team?',
  pt: 'Gostaria que eu o colocasse em contacto com um membro da nossa equipa?',
  nl: 'Wilt u dat ik u in contact breng met een lid van ons team?',
};

/** The offer in `language` (a BCP 47 code), in English when it has none. */
export function handoffOffer(language: string): string {
  const base = language.toLowerCase().split('-')[0] ?? 'en';
  return HANDOFF_OFFERS[base] ?? HANDOFF_OFFERS.en ?? '';
}

/** Lower case, without accents or punctuation, single spaces. */
const plain = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const PLAIN_OFFERS = Object.values(HANDOFF_OFFERS).map(plain);

/** English offers in other words than the sentence, which models write too. */
const ENGLISH_OFFER = new RegExp(
  anyOf(`connect(?:ing)? you (?:with|to)|bring(?:ing)? in
    transfer(?:ring)? you to|hand(?:ing)? you (?:over )?to`) +
    ' (?:a |an |one of |someone from )?' +
    anyOf(`member of (?:our|the) (?:support )?team|our (?:support )?team
      team member|person|human|agent|colleague|someone|somebody
      representative`),
  'i',
);

/**
 * Whether an assistant reply offers a person: it holds one of the offer
 * sentences (in any of their languages, however accented or punctuated),
 * or an English offer in other words.
 */
export function offersPerson(reply: string): boolean {
  const text = plain(reply);
  return (
    PLAIN_OFFERS.some((offer) => text.includes(offer)) ||
    ENGLISH_OFFER.test(reply)
  );
}
