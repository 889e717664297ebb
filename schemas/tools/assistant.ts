import * as z from 'zod';

/**
 * Inputs of the assistant's own tools, in the shape of τ-bench's
 * assistant-side tools: they touch no store data.
 */
export const CalculateInputSchema = z.object({
  expression: z
    .string()
    .min(1)
    .max(200, { message: 'expression is at most 200 characters' }),
});

export const ThinkInputSchema = z.object({
  thought: z
    .string()
    .max(2000, { message: 'thought is at most 2000 characters' }),
});

export const TransferToHumanAgentsInputSchema = z.object({
  summary: z
    .string()
    .min(1)
    .max(1000, { message: 'summary is at most 1000 characters' }),
});
