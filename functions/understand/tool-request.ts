/** What a message that looks like a tool request asks about. */
export type ToolTopic = 'order' | 'account';

/** An order id as the store writes it (`#W1234567`), or "order 1234567". */
const ORDER_ID =
  /#\s?[a-z]?\d{5,}\b|\border\s*(?:id|number|no\.?)?\s*[:#]?\s*[a-z]?\d{5,}\b/i;
const EMAIL = /[^\s@]+@[^\s@]+\.[a-z]{2,}/i;
const MY_ORDER =
  /\bmy (?:order|orders|package|parcel|delivery|shipment|purchase)\b/i;
const MY_ACCOUNT =
  /\bmy (?:account|profile|subscription|address|payment method|gift card)\b/i;
/** A request to look something up rather than to learn how things work. */
const LOOKUP =
  /\b(?:where|status|track|tracking|details?|when will|arrive[ds]?|shipped|look up|check|find|show)\b/i;

/**
 * Words of a question the tenant's knowledge answers: policies, costs,
 * how things work, what is allowed. In English plus the usual words for
 * returns and refunds in the other supported languages.
 */
const KNOWLEDGE = new RegExp(
  [
    /\b(?:polic(?:y|ies)|how (?:long|much|many|do|does|can|to)|why)\b/.source,
    /\b(?:can i|could i|do you|are you|is it possible|allowed)\b/.source,
    /\b(?:return|returns|refund|refunds|exchange|warranty|guarantee)\b/.source,
    /\b(?:cost|costs|fee|fees|price|international)\b/.source,
    /\b(?:devolver|devoluci|reembols|pol[ií]tica|puedo)/.source,
    /\b(?:retourner|rembours|politique|peux|puis-je)/.source,
    /\b(?:zur[üu]ckgeben|r[üu]ckgabe|erstattung|umtausch|kann ich)/.source,
    /\b(?:restituire|reso\b|rimborso|posso)/.source,
    /\b(?:devolu[çc][ãa]o|troca)/.source,
    /\b(?:retourneren|terugbetal|ruilen|kan ik)/.source,
    // `\b` sees å as a non-word character: no boundary before it.
    /(?:returnera|återbetal|aterbetal|returnere|tilbagebetal)/.source,
    /\b(?:zwrot|zwr[óo]ci|wymian)/.source,
  ].join('|'),
  'i',
);

/**
 * The order or account detail a text names, if any: an order id, an
 * e-mail address, or "my order" / "my account" with a look-up verb.
 */
export function namedTopic(text: string): ToolTopic | undefined {
  if (ORDER_ID.test(text)) return 'order';
  if (EMAIL.test(text)) return 'account';
  if (!LOOKUP.test(text)) return undefined;
  if (MY_ORDER.test(text)) return 'order';
  if (MY_ACCOUNT.test(text)) return 'account';
  return undefined;
}

/**
 * Whether the text asks something the knowledge answers. A look-up that
 * does is not routed to tools alone: the model gets passages and tools.
 */
export const asksKnowledge = (text: string): boolean => KNOWLEDGE.test(text);
