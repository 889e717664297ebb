import type { LatinLanguage } from './markers';

/**
 * A few lines of customer-service text per language, from which the
 * detector builds its character trigram profiles. They decide messages
 * whose words are not markers (nouns, verbs, spelling), so they use the
 * vocabulary of orders, deliveries, returns, payments and accounts.
 */
export const SAMPLES: Readonly<Record<LatinLanguage, string>> = {
  en: `Hello, I ordered a tent last week and it still has not arrived. Could
    you tell me where my package is? The tracking number does not work and
    I would like to know when the delivery will come. I also want to return
    the jacket because it is too small. How long does a refund usually take?
    Thank you for your help, the support team was really friendly. Which
    payment methods do you accept, and can I change the shipping address of
    my order? Please cancel the second item, I no longer need it.`,
  es: `Hola, pedí una tienda de campaña la semana pasada y todavía no ha
    llegado. ¿Podrían decirme dónde está mi paquete? El número de
    seguimiento no funciona y quisiera saber cuándo llegará la entrega.
    También quiero devolver la chaqueta porque es demasiado pequeña. ¿Cuánto
    tarda normalmente un reembolso? Gracias por su ayuda, el equipo de
    atención fue muy amable. ¿Qué métodos de pago aceptan y puedo cambiar la
    dirección de envío de mi pedido? Por favor, cancelen el segundo
    artículo, ya no lo necesito.`,
  fr: `Bonjour, j'ai commandé une tente la semaine dernière et elle n'est
    toujours pas arrivée. Pourriez-vous me dire où se trouve mon colis ? Le
    numéro de suivi ne fonctionne pas et j'aimerais savoir quand la
    livraison aura lieu. Je voudrais aussi retourner la veste parce qu'elle
    est trop petite. Combien de temps prend un remboursement en général ?
    Merci pour votre aide, l'équipe du service client était très aimable.
    Quels moyens de paiement acceptez-vous, et puis-je changer l'adresse de
    livraison de ma commande ? Veuillez annuler le deuxième article, je n'en
    ai plus besoin.`,
  de: `Hallo, ich habe letzte Woche ein Zelt bestellt und es ist immer noch
    nicht angekommen. Können Sie mir sagen, wo mein Paket ist? Die
    Sendungsnummer funktioniert nicht und ich möchte wissen, wann die
    Lieferung kommt. Außerdem möchte ich die Jacke zurückschicken, weil sie
    zu klein ist. Wie lange dauert eine Rückerstattung normalerweise? Danke
    für Ihre Hilfe, der Kundendienst war wirklich freundlich. Welche
    Zahlungsarten akzeptieren Sie, und kann ich die Lieferadresse meiner
    Bestellung ändern? Bitte stornieren Sie den zweiten Artikel, ich brauche
    ihn nicht mehr.`,
  it: `Buongiorno, ho ordinato una tenda la settimana scorsa e non è ancora
    arrivata. Potete dirmi dove si trova il mio pacco? Il numero di
    tracciamento non funziona e vorrei sapere quando arriverà la consegna.
    Vorrei anche restituire la giacca perché è troppo piccola. Quanto tempo
    ci vuole di solito per un rimborso? Grazie per l'aiuto, l'assistenza
    clienti è stata davvero gentile. Quali metodi di pagamento accettate, e
    posso cambiare l'indirizzo di spedizione del mio ordine? Per favore
    annullate il secondo articolo, non mi serve più.`,
  pt: `Olá, encomendei uma barraca na semana passada e ainda não chegou.
    Podem dizer-me onde está a minha encomenda? O código de rastreio não
    funciona e gostaria de saber quando a entrega vai chegar. Também quero
    devolver o casaco porque é pequeno demais. Quanto tempo demora
    normalmente um reembolso? Obrigado pela ajuda, a equipe de atendimento
    foi muito simpática. Quais formas de pagamento vocês aceitam, e posso
    mudar o endereço de entrega do meu pedido? Por favor, cancelem o segundo
    item, já não preciso dele.`,
  nl: `Hallo, ik heb vorige week een tent besteld en die is nog steeds niet
    aangekomen. Kunt u mij vertellen waar mijn pakket is? Het trackingnummer
    werkt niet en ik wil graag weten wanneer de bezorging komt. Ik wil ook
    de jas terugsturen omdat hij te klein is. Hoe lang duurt een
    terugbetaling meestal? Bedankt voor uw hulp, de klantenservice was erg
    vriendelijk. Welke betaalmethoden accepteren jullie, en kan ik het
    bezorgadres van mijn bestelling wijzigen? Annuleer alstublieft het
    tweede artikel, ik heb het niet meer nodig.`,
  sv: `Hej, jag beställde ett tält förra veckan och det har fortfarande inte
    kommit. Kan ni säga var mitt paket är? Spårningsnumret fungerar inte och
    jag vill veta när leveransen kommer. Jag vill också returnera jackan
    eftersom den är för liten. Hur lång tid tar en återbetalning vanligtvis?
    Tack för hjälpen, kundtjänsten var verkligen vänlig. Vilka
    betalningssätt tar ni emot, och kan jag ändra leveransadressen för min
    beställning? Avbryt den andra varan, jag behöver den inte längre.`,
  da: `Hej, jeg bestilte et telt i sidste uge, og det er stadig ikke kommet.
    Kan I fortælle mig, hvor min pakke er? Sporingsnummeret virker ikke, og
    jeg vil gerne vide, hvornår leveringen kommer. Jeg vil også returnere
    jakken, fordi den er for lille. Hvor lang tid tager en tilbagebetaling
    normalt? Tak for hjælpen, kundeservice var virkelig venlig. Hvilke
    betalingsmetoder tager I imod, og kan jeg ændre leveringsadressen på min
    bestilling? Annuller venligst den anden vare, jeg har ikke brug for den
    længere.`,
  pl: `Dzień dobry, w zeszłym tygodniu zamówiłem namiot i nadal nie dotarł.
    Czy możecie mi powiedzieć, gdzie jest moja paczka? Numer przesyłki nie
    działa i chciałbym wiedzieć, kiedy przyjdzie dostawa. Chcę też zwrócić
    kurtkę, ponieważ jest za mała. Ile zwykle trwa zwrot pieniędzy? Dziękuję
    za pomoc, obsługa klienta była naprawdę miła. Jakie metody płatności
    akceptujecie i czy mogę zmienić adres dostawy mojego zamówienia? Proszę
    anulować drugi produkt, już go nie potrzebuję.`,
};
