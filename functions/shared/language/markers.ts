/**
 * Words that mark a language in short chat messages: its most frequent
 * function words plus the greetings and thanks customers open and close
 * with. Written without diacritics, since customers often type without
 * them; the detector folds the text the same way. A word listed for
 * several of the languages in question counts for each of them in part.
 */
const MARKER_WORDS = {
  en: `the and is are was were be been have has had do does did not don't
    can't won't i'm it's i you your my me we our it this that with for from
    of to on at what when where how why which who can could would will
    should please thanks thank hello hi hey just about any some get got
    need want like know yes an or but if there`,
  es: `el la los las un una unos unas y o pero que de del en con por para es
    son esta estan estoy fue ser tengo tiene tienen hay mi mis tu su sus me
    te se lo le les no si como cuando donde quiero puedo puede pedido
    gracias hola buenos buenas dias ayuda favor muy mas ya esto este eso al
    nos vale perfecto genial adios hasta luego`,
  fr: `le la les un une des et ou mais que qui de du en dans avec pour par
    sur est sont suis ete etre avoir ai as pas ne je tu il elle nous vous
    ils mon ma mes ton ta votre vos leur ce cette ces comment quand ou quoi
    pourquoi merci bonjour bonsoir salut commande aide s'il plait c'est
    j'ai n'est qu'il d'accord tres plus aussi au aux oui non parfait revoir
    bonne journee`,
  de: `der die das den dem des ein eine einen einem und oder aber dass ist
    sind war bin bist habe hat haben nicht kein keine ich du er sie es wir
    ihr mein meine meinen dein ihre mit von zu zum zur fur auf aus bei nach
    wie wann wo warum was wer danke bitte hallo guten morgen tag bestellung
    hilfe sehr noch schon auch nur kann konnen mochte ja nein vielen dank
    tschuss alles klar`,
  it: `il lo la i gli le un una uno e o ma che di del della dei in con per
    su sono stato ho hai ha abbiamo non io tu lui lei noi voi mio mia miei
    tuo suo come quando dove perche cosa chi grazie ciao buongiorno
    buonasera ordine aiuto molto piu anche gia posso puo vorrei perfetto
    arrivederci bene`,
  pt: `o a os as um uma uns umas e ou mas que de do da dos das em no na nos
    nas com por para sao esta estao estou foi ser tenho tem nao eu voce ele
    ela meu minha meus seu sua como quando onde porque obrigado obrigada
    ola oi bom dia pedido ajuda muito mais tambem ja posso pode quero sim
    tchau perfeito valeu`,
  nl: `de het een en of maar dat die van in op met voor aan bij naar is zijn
    was ben heb heeft hebben niet geen ik jij je u hij zij wij we mijn jouw
    uw hoe wanneer waar waarom wat wie dank bedankt hallo hoi goedemorgen
    bestelling hulp heel erg ook al nog kan kunt wil graag ja nee er doei
    dankjewel`,
  sv: `och i att det som en ett pa ar av for med till den har inte om jag du
    han hon vi ni de min mitt mina din ditt hur nar var varfor vad vem tack
    hej hejsan bestallning hjalp mycket ocksa redan kan vill ja nej fran
    sa`,
  da: `og i at det som en et pa er af for med til den har ikke om jeg du han
    hun vi de min mit mine din dit jeres hvordan hvornar hvor hvorfor hvad
    hvem tak hej bestilling hjælp meget ogsa allerede kan vil ja nej fra sa
    farvel`,
  pl: `i w z na do nie sie ze to jest sa jak co czy ale lub o od po dla
    przez moj moja moje twoj jego jej mi mnie ja ty on ona my wy kiedy
    gdzie dlaczego dziekuje dzieki czesc dzien dobry zamowienie pomoc
    bardzo tez juz moge moze chce tak prosze`,
} as const;

/** Latin-script languages the detector knows. */
export type LatinLanguage = keyof typeof MARKER_WORDS;
export const LATIN_LANGUAGES = Object.keys(MARKER_WORDS) as LatinLanguage[];

/** Letters that only a few of the languages use, folded or not. */
const MARKER_LETTERS: Readonly<Record<LatinLanguage, string>> = {
  en: '',
  es: 'ñ¿¡',
  fr: 'çœèêëîï',
  de: 'ßäöü',
  it: 'ìò',
  pt: 'ãõç',
  nl: 'ĳ',
  sv: 'åäö',
  da: 'æøå',
  pl: 'ąęłśźżćń',
};

/** The languages that list each marker word. */
export const WORD_OWNERS: ReadonlyMap<
  string,
  ReadonlySet<LatinLanguage>
> = owners(
  LATIN_LANGUAGES.map((l) => [l, MARKER_WORDS[l].trim().split(/\s+/)]),
);

/** The languages that use each marker letter. */
export const LETTER_OWNERS: ReadonlyMap<
  string,
  ReadonlySet<LatinLanguage>
> = owners(LATIN_LANGUAGES.map((l) => [l, [...MARKER_LETTERS[l]]]));

function owners(
  lists: readonly (readonly [LatinLanguage, readonly string[]])[],
): Map<string, Set<LatinLanguage>> {
  const byItem = new Map<string, Set<LatinLanguage>>();
  for (const [language, items] of lists) {
    for (const item of items) {
      const set = byItem.get(item) ?? new Set<LatinLanguage>();
      set.add(language);
      byItem.set(item, set);
    }
  }
  return byItem;
}
