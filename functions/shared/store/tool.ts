import type * as z from 'zod';
import type { Cents } from '../../../schemas/store';
import { parseOrThrow } from '../validate';
import type { StoreAdapter, StoreReader } from './adapter';
import { ToolError } from './errors';
import type { Labels } from './labels';

/** How one call of a tool runs. */
export interface ToolRunOptions {
  /**
   * Makes a write call idempotent: the key is recorded on the record the
   * call changed, and a later call with the same key and input changes
   * nothing and returns the first call's result. Read tools ignore it.
   */
  readonly idempotencyKey?: string;
}

/** A tool's implementation: input as declared, result a JSON value. */
export interface StoreTool {
  readonly name: string;
  /**
   * Runs the tool. Throws `ValidationError` for input outside its schema
   * and `ToolError` (with τ-bench's message) when the store refuses.
   */
  run(
    store: StoreAdapter,
    input: unknown,
    options?: ToolRunOptions,
  ): Promise<unknown>;
  /**
   * For tools that change data: what the call would change, worked out
   * without writing anything. Throws as `run` would.
   */
  preview?(store: StoreReader, input: unknown): Promise<WritePreview>;
}

/** What a write call would do, known before it runs. */
export interface WritePreview {
  /** Money the customer gets back through the call, in cents (≥ 0). */
  readonly refundCents: Cents;
  /** Names the customer knows for the item and payment ids of the input. */
  readonly labels?: Labels;
}

/** Parses a tool's input, throwing `ValidationError` naming the field. */
export const toolInput = <S extends z.ZodType>(
  name: string,
  schema: S,
  input: unknown,
): z.output<S> => parseOrThrow(schema, input, `input of ${name}`);

/** Binds a read tool's implementation to its input schema. */
export function implement<S extends z.ZodType>(
  name: string,
  schema: S,
  run: (store: StoreReader, input: z.output<S>) => Promise<unknown>,
): StoreTool {
  // The act step validated the input already; parsing again keeps the
  // implementation type-safe should the catalogue and this file drift.
  return {
    name,
    run: async (store, input) => run(store, toolInput(name, schema, input)),
  };
}

/** The value, or a `ToolError` saying that `what` was not found. */
export const found = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new ToolError(`${what} not found`);
  return value;
};
