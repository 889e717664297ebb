import type { ToolCall } from '../../schemas/turn';
import {
  FrontlineError,
  TransientError,
  ValidationError,
} from '../shared/errors';
import type { StoreAdapter } from '../shared/store/adapter';
import { ToolError } from '../shared/store/errors';
import { STORE_TOOLS } from '../shared/store/tools';
import { TOOL_CATALOGUE } from '../shared/tool-catalogue';
import { parseOrThrow } from '../shared/validate';
import { ASSISTANT_TOOLS } from './assistant-tools';
import { boundedJson } from './result';

export interface ToolCallContext {
  /** Tool names the tenant enabled. */
  readonly enabled: ReadonlySet<string>;
  readonly store: StoreAdapter;
}

/**
 * Decides one requested tool call. A call the model may not make, or whose
 * input is invalid, is `rejected` without touching the backend; a tool that
 * ran is `succeeded`, or `failed` with its `ToolError` message. The result
 * goes back to the model, so every outcome carries JSON text. Unexpected
 * backend errors throw `TransientError`.
 */
export async function runToolCall(
  call: ToolCall,
  context: ToolCallContext,
): Promise<ToolCall> {
  const refusal = refuse(call, context);
  if (refusal) return reject(call, refusal);

  let input: unknown;
  try {
    const { input: schema } = TOOL_CATALOGUE[call.name];
    input = parseOrThrow(schema, call.input, `input of ${call.name}`);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return reject(call, error.message);
  }

  return execute(call, input, context.store);
}

/** Why the call may not run at all, or `undefined` when it may. */
function refuse(call: ToolCall, context: ToolCallContext): string | undefined {
  const declaration = TOOL_CATALOGUE[call.name];
  if (!declaration) return `There is no tool named '${call.name}'`;
  if (!context.enabled.has(call.name)) {
    return `Tool '${call.name}' is not enabled for this store`;
  }
  if (declaration.risk !== 'read') {
    // TODO(act): tools that change data need the customer's explicit "yes"
    // (risk `write`) or a human's approval (`approval_required`) before they
    // run; until the workflow can ask and resume, they are refused here.
    return `Tool '${call.name}' changes data and needs a confirmation first`;
  }
  if (!STORE_TOOLS[call.name] && !ASSISTANT_TOOLS[call.name]) {
    return `Tool '${call.name}' is not available`;
  }
  return undefined;
}

async function execute(
  call: ToolCall,
  input: unknown,
  store: StoreAdapter,
): Promise<ToolCall> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const assistant = ASSISTANT_TOOLS[call.name];
    const value = assistant
      ? assistant.run(input as never)
      : await STORE_TOOLS[call.name].run(store, input);
    return {
      ...call,
      status: 'succeeded',
      result: boundedJson(value),
      latencyMs: latency(),
    };
  } catch (error) {
    if (error instanceof ToolError) {
      return {
        ...call,
        status: 'failed',
        result: errorJson(error.message),
        latencyMs: latency(),
      };
    }
    if (error instanceof FrontlineError) throw error;
    const reason = error instanceof Error ? error.name : typeof error;
    throw new TransientError(
      `Tool ${call.name} failed in the store backend: ${reason}`,
      { cause: error },
    );
  }
}

const reject = (call: ToolCall, message: string): ToolCall => ({
  ...call,
  status: 'rejected',
  result: errorJson(message),
});

const errorJson = (message: string) => boundedJson({ error: message });
