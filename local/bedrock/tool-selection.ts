import { type ConversationView, callKey, type ToolView } from './conversation';
import { termSet, terms } from './text';
import {
  type ArgumentPlan,
  extractValue,
  PLACEHOLDER,
  planArguments,
} from './tool-arguments';

/**
 * Decides whether the customer's latest text asks for something a declared
 * tool does. Tools are scored by how many of the text's terms their name
 * and description cover, and by argument values (an order id, an email)
 * the text carries; a tool must cover the text at least as well as the
 * best knowledge passage does.
 */

/** The customer's latest text, reduced to what scoring needs. */
export interface Query {
  /** Content terms, without the words of argument values found in it. */
  readonly terms: ReadonlySet<string>;
  /** Distinct argument values any tool found in the text. */
  readonly argumentValues: number;
  /** The customer speaks of their own things ("my order"). */
  readonly personal: boolean;
}

export type ToolDecision =
  | {
      readonly kind: 'call';
      readonly tool: ToolView;
      readonly input: Record<string, string>;
    }
  | {
      readonly kind: 'ask';
      readonly tool: ToolView;
      readonly missing: readonly string[];
      /** Tools that can find a missing argument (`find_<arg>_by_…`). */
      readonly providers: readonly ToolView[];
    };

/** Words of tool descriptions that say nothing about what a tool does. */
const GENERIC = new Set(['find', 'customer', 'such', 'cannot', 'giv']);

/** Customer words that mean what a tool description says differently. */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  packag: ['order'],
  parcel: ['order'],
  purchas: ['order'],
  shipment: ['order', 'track'],
  deliver: ['order', 'track'],
  arriv: ['order', 'track'],
  account: ['profil', 'user'],
  cost: ['pric'],
  stock: ['availabl'],
  catalog: ['product'],
  buy: ['sel'],
  offer: ['sel'],
  carry: ['sel'],
  mail: ['email'],
  postal: ['zip'],
  postcod: ['zip'],
};

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const PERSONAL = /\b(?:my|mine|me|i|i'm|i’m|i've|we|our)\b/i;

/** Builds the scoring view of the latest text against the declared tools. */
export function readQuery(view: ConversationView): Query {
  const text = view.latestUserText;
  const values = new Set(
    view.tools.flatMap((tool) =>
      Object.entries(tool.schema.properties ?? {}).flatMap(([name, schema]) => {
        const value = extractValue(name, schema, text);
        return value === undefined ? [] : [value];
      }),
    ),
  );
  // A placeholder is no word of the customer's: `[EMAIL_1]` must neither
  // add the term "email" nor take away the one the customer wrote.
  const valueTerms = new Set(
    [...values].flatMap((v) => terms(v.replace(PLACEHOLDER, ' '))),
  );
  const queryTerms = terms(
    text.replace(EMAIL, ' ').replace(PLACEHOLDER, ' '),
  ).filter((term) => !valueTerms.has(term));
  return {
    terms: new Set(queryTerms),
    argumentValues: values.size,
    personal: PERSONAL.test(text),
  };
}

/** Terms and argument values the query holds, the base of every coverage. */
export const querySize = (query: Query) =>
  query.terms.size + query.argumentValues;

/**
 * Chooses a tool call, a question for missing arguments, or nothing.
 *
 * TODO(local): the intent behind a question is not remembered. When the
 * customer answers "what is your email?" with the email alone, the tool
 * that needed it is not resumed (only `find_<arg>_by_…` results chain
 * within one exchange), and a product named in words ("the Mechanical
 * Keyboard") is not mapped to the id an earlier listing returned. Keeping
 * the last wanted tool and the name-to-id pairs of earlier results in the
 * view, and scoring them as evidence, would close it.
 */
export function decideTool(
  view: ConversationView,
  query: Query,
  passageCoverage: number,
  known: Readonly<Record<string, string>> = {},
): ToolDecision | undefined {
  const wanted = view.tools
    .map((tool, order) => ({
      tool,
      order,
      plan: planArguments(tool, view.userTexts, known),
      ...scoreTool(tool, view, query, known),
    }))
    .filter((s) => s.wanted)
    .filter((s) => beats(s.coverage, passageCoverage, query, s.plan))
    .sort((a, b) => b.score - a.score || a.order - b.order);

  for (const { tool, plan } of wanted) {
    const decision = decideFor(tool, plan, view);
    if (decision) return decision;
  }
  return undefined;
}

function scoreTool(
  tool: ToolView,
  view: ConversationView,
  query: Query,
  known: Readonly<Record<string, string>>,
) {
  const covers = (vocabulary: ReadonlySet<string>) =>
    [...query.terms].filter((term) =>
      [term, ...(SYNONYMS[term] ?? [])].some((t) => vocabulary.has(t)),
    ).length;
  const covered = covers(toolVocabulary(tool));
  const inName = covers(termSet(tool.name.replace(/_/g, ' ')));
  const { fromLatest } = planArguments(tool, [view.latestUserText], known);
  const size = querySize(query);
  const coverage = size === 0 ? 0 : (covered + fromLatest) / size;
  return {
    coverage,
    fromLatest,
    // Terms in the tool's name say more than terms in its description.
    score: covered + inName / 2 + 2 * fromLatest,
    // A value another tool found only unlocks a tool the customer's own
    // words point to.
    wanted:
      Object.keys(known).length > 0
        ? covered > 0 && fromLatest > 0
        : fromLatest > 0 || (covered > 0 && coverage >= 0.5),
  };
}

/**
 * A tool must cover the text at least as well as the best passage. On a
 * tie it wins when it can look the answer up at once, or when the customer
 * asks about their own things ("where is my order?"); a general question
 * ("how long does delivery take?") goes to the passage.
 */
function beats(
  coverage: number,
  passageCoverage: number,
  query: Query,
  plan: ArgumentPlan,
): boolean {
  if (coverage !== passageCoverage) return coverage > passageCoverage;
  return query.personal || plan.missing.length === 0;
}

function toolVocabulary(tool: ToolView): Set<string> {
  const text = `${tool.name.replace(/_/g, ' ')} ${tool.description}`;
  return new Set([...termSet(text)].filter((t) => !GENERIC.has(t)));
}

/**
 * Calls the tool when every argument is known; otherwise calls a tool that
 * finds a missing argument, or asks the customer. A call already made since
 * the customer last wrote is not repeated.
 */
function decideFor(
  tool: ToolView,
  plan: ArgumentPlan,
  view: ConversationView,
): ToolDecision | undefined {
  const fresh = (t: ToolView, input: Record<string, string>) =>
    !view.exchangeCalls.has(callKey(t.name, input));
  if (plan.missing.length === 0) {
    return fresh(tool, plan.values)
      ? { kind: 'call', tool, input: { ...plan.values } }
      : undefined;
  }

  const providers = plan.missing.flatMap((arg) =>
    view.tools.filter((t) => t.name.startsWith(`find_${arg}_by_`)),
  );
  for (const provider of providers) {
    const providerPlan = planArguments(provider, view.userTexts);
    if (
      providerPlan.missing.length === 0 &&
      fresh(provider, providerPlan.values)
    ) {
      return {
        kind: 'call',
        tool: provider,
        input: { ...providerPlan.values },
      };
    }
  }
  return { kind: 'ask', tool, missing: plan.missing, providers };
}
