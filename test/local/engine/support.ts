import { LocalStepFunctions } from '../../../local/engine';
import type { LambdaInvoker } from '../../../local/engine/types';

/** A payload as the tests read it: the string fields (tokens, ids). */
export type FakePayload = Readonly<Record<string, string>>;

export type FakeFunction = (payload: FakePayload) => unknown;

export interface FakeInvoker extends LambdaInvoker {
  readonly calls: { functionName: string; payload: FakePayload }[];
}

/** An invoker running in-memory functions; unknown names fail like Lambda. */
export function fakeInvoker(
  functions: Record<string, FakeFunction>,
): FakeInvoker {
  const calls: FakeInvoker['calls'] = [];
  return {
    calls,
    async invoke(functionName, payload) {
      const fields = payload as FakePayload;
      calls.push({ functionName, payload: fields });
      const run = functions[functionName];
      if (!run) throw namedError('ResourceNotFoundException', functionName);
      return run(fields);
    },
  };
}

/** An `Error` whose name is a Lambda error type. */
export function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export const LAMBDA = 'arn:aws:states:::lambda:invoke';
export const CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

/** A definition text starting at the first state. */
export function definition(states: Record<string, unknown>): string {
  return JSON.stringify({ StartAt: Object.keys(states)[0], States: states });
}

/** An engine with one state machine `Toy` of `states`. */
export function toyEngine(
  states: Record<string, unknown>,
  invoker: LambdaInvoker,
  dataDir?: string,
) {
  const engine = new LocalStepFunctions({ dataDir, invoker });
  const stateMachineArn = engine.createStateMachine('Toy', definition(states));
  return { engine, stateMachineArn };
}

/** Resolves once `predicate` holds, polling every 10 ms. */
export async function eventually(
  predicate: () => boolean,
  timeoutMs = 2000,
): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error('Condition unmet');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
