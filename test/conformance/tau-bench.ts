import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CalculationError, calculate } from '../../functions/shared/calculate';
import { ValidationError } from '../../functions/shared/errors';
import type { StoreAdapter } from '../../functions/shared/store/adapter';
import { ToolError } from '../../functions/shared/store/errors';
import { STORE_TOOLS } from '../../functions/shared/store/tools';
import { TOOL_CATALOGUE } from '../../functions/shared/tool-catalogue';
import { parseOrThrow } from '../../functions/shared/validate';
import { dollarsToCents } from '../../schemas/store';

/**
 * The τ-bench retail data and the reference behaviour of its tools
 * (`replay_expectations.json`, recorded by running τ-bench's own tools on
 * the gold calls of each test task), and a replay of those calls against
 * Frontline's store tools.
 */
export const RETAIL_DIR = path.join(
  __dirname,
  '../../../shared/data/tau-bench/retail',
);

export interface ReferenceCall {
  readonly name: string;
  readonly kwargs: Record<string, unknown>;
  readonly accepted: boolean;
  /** The tool's text: a user id, JSON, or "Error: …". */
  readonly result: string;
}

export interface ReferenceTask {
  readonly task: number;
  readonly user_id: string;
  readonly calls: readonly ReferenceCall[];
  /** The records the task changed, as they read afterwards (dollars). */
  readonly changed: {
    readonly users?: Record<string, unknown>;
    readonly orders?: Record<string, unknown>;
  };
  readonly outputs: readonly string[];
  readonly outputs_in_results: readonly string[];
}

export interface GoldTask {
  readonly user_id: string;
  readonly actions: readonly {
    name: string;
    kwargs: Record<string, unknown>;
  }[];
  readonly outputs: readonly string[];
}

const readJson = <T>(file: string): T =>
  JSON.parse(readFileSync(path.join(RETAIL_DIR, file), 'utf8')) as T;

export const referenceTasks = () =>
  readJson<{ tasks: ReferenceTask[] }>('replay_expectations.json').tasks;

export const goldTasks = () => readJson<GoldTask[]>('tasks_test.json');

/** Tools τ-bench has that are not store tools. */
export const NOT_STORE_TOOLS = new Set([
  'calculate',
  'think',
  'transfer_to_human_agents',
]);

/** How one replayed call came out. */
export interface ReplayedCall {
  readonly name: string;
  readonly accepted: boolean;
  /** Who decided: the store tool, the input schema, or no store at all. */
  readonly by: 'tool' | 'input schema' | 'calculate' | 'not replayed';
  /** The tool's result (accepted) or its error message (rejected). */
  readonly value: unknown;
  /** The result as the model would read it, for finding answers. */
  readonly text: string;
  /** A write repeated with its idempotency key: what the repeat returned. */
  readonly repeated?: unknown;
}

/**
 * Replays the calls in order against `store`. Write calls carry an
 * idempotency key and, once accepted, are repeated with it at once.
 */
export async function replayCalls(
  store: StoreAdapter,
  task: ReferenceTask,
): Promise<ReplayedCall[]> {
  const replayed: ReplayedCall[] = [];
  for (const [index, call] of task.calls.entries()) {
    const key = `task-${task.task}-call-${index}`;
    replayed.push(await replayCall(store, call, key));
  }
  return replayed;
}

async function replayCall(
  store: StoreAdapter,
  { name, kwargs }: ReferenceCall,
  key: string,
): Promise<ReplayedCall> {
  if (name === 'calculate') {
    const text = calculateText(String(kwargs.expression));
    const accepted = !text.startsWith('Error');
    return { name, accepted, by: 'calculate', value: text, text };
  }
  if (NOT_STORE_TOOLS.has(name)) {
    return { name, accepted: true, by: 'not replayed', value: '', text: '' };
  }

  const tool = STORE_TOOLS[name];
  try {
    // The act step checks the input against the catalogue before a tool runs.
    const input = parseOrThrow(TOOL_CATALOGUE[name].input, kwargs, name);
    const value = await tool.run(store, input, { idempotencyKey: key });
    const repeated = tool.preview
      ? await tool.run(store, input, { idempotencyKey: key })
      : undefined;
    return {
      name,
      accepted: true,
      by: 'tool',
      value,
      text: JSON.stringify(value),
      repeated,
    };
  } catch (error) {
    if (error instanceof ValidationError) {
      return reject(name, 'input schema', error.message);
    }
    if (error instanceof ToolError) return reject(name, 'tool', error.message);
    throw error;
  }
}

const reject = (
  name: string,
  by: ReplayedCall['by'],
  message: string,
): ReplayedCall => ({
  name,
  accepted: false,
  by,
  value: message,
  text: message,
});

/** τ-bench's result of a call as a value: a user id, JSON, or a message. */
export function referenceValue(call: ReferenceCall): unknown {
  if (!call.accepted) return call.result.replace(/^Error: /, '');
  if (call.name.startsWith('find_user_id') || NOT_STORE_TOOLS.has(call.name)) {
    return call.result;
  }
  return JSON.parse(call.result);
}

/** The value with every number (all money here) in integer cents. */
export function inCents(value: unknown): unknown {
  if (typeof value === 'number') return dollarsToCents(value);
  if (Array.isArray(value)) return value.map(inCents);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [key, inCents(v)]),
    );
  }
  return value;
}

/**
 * The key order of every object in `value`, by path. Addresses are left
 * out: τ-bench writes a changed address with `state` before `country`,
 * its data files the other way round, and Frontline always the latter.
 */
export function keyOrder(value: unknown, at = '$'): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => keyOrder(v, `${at}[${i}]`));
  }
  if (!value || typeof value !== 'object') return [];
  const keys = Object.keys(value);
  return [
    `${at}: ${keys.join(',')}`,
    ...Object.entries(value)
      .filter(([key]) => key !== 'address')
      .flatMap(([key, v]) => keyOrder(v, `${at}.${key}`)),
  ];
}

/** The expected answers of a task found in the given texts. */
export const answersFound = (
  outputs: readonly string[],
  texts: readonly string[],
) => outputs.filter((output) => texts.some((text) => text.includes(output)));

/** The calculator's value, or its error the way τ-bench prints one. */
function calculateText(expression: string): string {
  try {
    return calculate(expression);
  } catch (error) {
    if (!(error instanceof CalculationError)) throw error;
    return `Error: ${error.message}`;
  }
}
