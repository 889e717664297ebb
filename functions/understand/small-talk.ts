/** The kinds of small talk, most telling first. */
export const SMALL_TALK_KINDS = [
  'goodbye',
  'thanks',
  'greeting',
  'acknowledgement',
] as const;
export type SmallTalkKind = (typeof SMALL_TALK_KINDS)[number];

/**
 * Small-talk phrases in English, Spanish, French, German, Italian,
 * Portuguese, Dutch, Swedish, Danish and Polish, lower case and without
 * diacritics, separated by commas. Fillers ("so much", "for your help")
 * may stand next to small talk but never make small talk on their own.
 */
const PHRASES: Readonly<Record<SmallTalkKind | 'filler', string>> = {
  greeting: `hi, hello, hey, heya, hiya, howdy, yo, greetings, good morning,
    good afternoon, good evening, good day, morning, how are you,
    how are you doing, hola, buenos dias, buenas tardes, buenas noches,
    buenas, saludos, que tal, como estas, bonjour, bonsoir, salut, coucou,
    ca va, comment ca va, hallo, guten morgen, guten tag, guten abend, moin,
    servus, gruezi, wie geht s, wie geht es dir, wie geht es ihnen, ciao,
    salve, buongiorno, buon giorno, buonasera, buona sera, come stai, ola,
    oi, bom dia, boa tarde, boa noite, tudo bem, hoi, goedemorgen,
    goedemiddag, goedenavond, goedendag, hoe gaat het, hej, hejsan, tjena,
    god morgon, god morgen, godmorgen, goddag, czesc, dzien dobry, witam,
    witaj`,
  thanks: `thanks, thank you, thank u, thanks a lot, thx, ty, tysm, cheers,
    many thanks, much appreciated, appreciate it, appreciated,
    i appreciate it, gracias, muchas gracias, mil gracias, merci,
    merci beaucoup, merci bien, danke, danke schon, dankeschon, danke sehr,
    vielen dank, besten dank, grazie, grazie mille, molte grazie, obrigado,
    obrigada, muito obrigado, muito obrigada, valeu, dank je, dank je wel,
    dank u, dank u wel, dankjewel, bedankt, tack, tack sa mycket, tusen tack,
    tak, mange tak, tusind tak, dziekuje, dzieki, dziekuje bardzo`,
  goodbye: `bye, bye bye, goodbye, good bye, bye for now, see you, see ya,
    see you later, later, take care, have a nice day, have a good day,
    have a great day, have a good one, adios, hasta luego, hasta pronto,
    hasta manana, chao, nos vemos, au revoir, a bientot, bonne journee,
    bonne soiree, tschuss, auf wiedersehen, bis bald, bis dann, schonen tag,
    arrivederci, a presto, buona giornata, buona serata, tchau, adeus,
    ate logo, ate mais, ate breve, doei, tot ziens, fijne dag, hej da,
    vi ses, ha det bra, ha en bra dag, farvel, hav en god dag, do widzenia,
    na razie, do zobaczenia, milego dnia`,
  acknowledgement: `ok, okay, okey, okie, k, kk, cool, great, perfect,
    awesome, nice, alright, all right, got it, sounds good, fine, understood,
    noted, good, very good, excellent, super, vale, genial, perfecto,
    entendido, de acuerdo, bien, muy bien, estupendo, d accord, parfait,
    tres bien, entendu, ca marche, alles klar, gut, sehr gut, prima,
    perfekt, verstanden, in ordnung, va bene, perfetto, ottimo, capito,
    benissimo, beleza, perfeito, otimo, entendi, ta bom, certo, oke, top,
    helder, duidelijk, goed, okej, bra, toppen, uppfattat, fint, forstaet,
    dobrze, swietnie, rozumiem, jasne`,
  filler: `you, u, so, so much, very much, very, much, a lot, lots, again,
    really, all, there, everyone, everybody, team, folks, guys, all of you,
    and, oh, ah, well, for your help, for the help, for helping,
    for helping me, for everything, for that, for this, for the info,
    for the information, y, muy, por tu ayuda, por su ayuda, por la ayuda,
    por todo, a todos, equipo, de nuevo, et, pour votre aide, pour ton aide,
    pour l aide, pour tout, a tous, tout le monde, l equipe, encore, und,
    fur ihre hilfe, fur die hilfe, fur alles, nochmal, vielmals, zusammen,
    e, per l aiuto, per tutto, a tutti, ancora, tante, pela ajuda, por tudo,
    de novo, en, voor de hulp, voor uw hulp, voor alles, allemaal, heel, erg,
    nogmaals, och, for hjalpen, alla, og, for hjælpen, alle, i, za pomoc,
    wszystkim, bardzo`,
};

type Part = SmallTalkKind | 'filler';

const LEXICON: ReadonlyMap<string, Part> = new Map(
  (Object.entries(PHRASES) as [Part, string][]).flatMap(([part, list]) =>
    list
      .split(',')
      .map((p): [string, Part] => [p.trim().split(/\s+/).join(' '), part]),
  ),
);
const LONGEST_PHRASE = Math.max(
  ...[...LEXICON.keys()].map((p) => p.split(' ').length),
);
/** A message this long is more than small talk, whatever its words. */
const MAX_WORDS = 20;

/** Lower case, no diacritics, one token per word (apostrophes split). */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/**
 * The kinds of small talk a text is made of, most telling first, when it
 * is nothing but small talk: "hi, thanks!" is `['thanks', 'greeting']`;
 * "hi, where is my order?" and a text of fillers alone are `undefined`.
 */
export function smallTalkKinds(text: string): SmallTalkKind[] | undefined {
  const tokens = words(text);
  if (tokens.length === 0 || tokens.length > MAX_WORDS) return undefined;
  const found = new Set<SmallTalkKind>();
  let i = 0;
  while (i < tokens.length) {
    const match = longestPhrase(tokens, i);
    if (!match) return undefined;
    if (match.part !== 'filler') found.add(match.part);
    i += match.length;
  }
  const kinds = SMALL_TALK_KINDS.filter((k) => found.has(k));
  return kinds.length > 0 ? kinds : undefined;
}

function longestPhrase(
  tokens: readonly string[],
  from: number,
): { part: Part; length: number } | undefined {
  const most = Math.min(LONGEST_PHRASE, tokens.length - from);
  for (let length = most; length > 0; length--) {
    const part = LEXICON.get(tokens.slice(from, from + length).join(' '));
    if (part) return { part, length };
  }
  return undefined;
}
