import type * as z from 'zod';
import type {
  CalculateInputSchema,
  ThinkInputSchema,
} from '../../schemas/tools/assistant';
import { calculate } from '../shared/calculate';

/** A tool the act step runs itself, without the store backend. */
export interface AssistantTool {
  /** Runs on input its catalogue schema accepted. */
  readonly run: (input: never) => unknown;
}

/**
 * The assistant-side tools act runs. `transfer_to_human_agents` is not
 * here: respond turns it into a handoff before any tool call is made.
 */
export const ASSISTANT_TOOLS: Readonly<Record<string, AssistantTool>> = {
  calculate: {
    run: (input: z.infer<typeof CalculateInputSchema>) => ({
      result: calculate(input.expression),
    }),
  },
  think: {
    // Thinking out loud changes nothing; only the acknowledgement returns.
    run: (_input: z.infer<typeof ThinkInputSchema>) => ({
      result: 'Your thought has been noted.',
    }),
  },
};
