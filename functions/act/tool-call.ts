import type { TenantConfig } from '../../schemas/tenant-config';
import type { ToolCall } from '../../schemas/turn';
import {
  FrontlineError,
  TransientError,
  ValidationError,
} from '../shared/errors';
import { piiTypesForTool } from '../shared/pii/tool-access';
import type { PiiType } from '../shared/pii/types';
import type { StoreAdapter } from '../shared/store/adapter';
import { ToolError } from '../shared/store/errors';
import type { WritePreview } from '../shared/store/tool';
import { STORE_TOOLS } from '../shared/store/tools';
import { findTool, type ToolDeclaration } from '../shared/tool-catalogue';
import {
  type ExternalToolDependencies,
  isExternalTool,
  runExternalTool,
} from '../shared/tool-targets';
import { parseOrThrow } from '../shared/validate';
import { ASSISTANT_TOOLS } from './assistant-tools';
import { boundedJson } from './result';

export interface ToolCallContext {
  readonly config: TenantConfig;
  /** Tool names the tenant enabled. */
  readonly enabled: ReadonlySet<string>;
  readonly store: StoreAdapter;
  /** The conversation the calls belong to, for tenant backends. */
  readonly conversationId: string;
  /**
   * The input with the values behind the placeholders of `types` put
   * back, for the one tool that needs them. @default the input as stored
   */
  readonly reveal?: <T>(input: T, types: readonly PiiType[]) => T;
  /** Clients of tenant backends. @default the real ones */
  readonly external?: ExternalToolDependencies;
}

/**
 * A call that may run: its declaration and its validated input, with the
 * personal data the tool needs as values (the call itself keeps the
 * placeholders).
 */
export interface CheckedCall {
  readonly declaration: ToolDeclaration;
  readonly input: Record<string, unknown>;
}

/**
 * Checks that a call may run at all: the tool exists (built-in or the
 * tenant's own), the tenant enabled it, something can run it, and its
 * input is valid once the values it may see are put back. Returns the call
 * as `rejected` (with the reason as its result, for the model) when it may
 * not; the backend is never touched for a rejected call.
 */
export function checkCall(
  call: ToolCall,
  context: ToolCallContext,
): CheckedCall | ToolCall {
  const declaration = findTool(context.config, call.name);
  if (!declaration)
    return reject(call, `There is no tool named '${call.name}'`);
  if (!context.enabled.has(call.name)) {
    return reject(call, `Tool '${call.name}' is not enabled for this store`);
  }
  if (!runnable(declaration)) {
    return reject(call, `Tool '${call.name}' is not available`);
  }
  const types = piiTypesForTool(declaration);
  const revealed =
    context.reveal && types.length > 0
      ? context.reveal(call.input, types)
      : call.input;
  try {
    const input = parseOrThrow(
      declaration.input,
      revealed,
      `input of ${call.name}`,
    ) as Record<string, unknown>;
    return { declaration, input };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return reject(call, error.message);
  }
}

/** Whether anything here can run the tool. */
function runnable(declaration: ToolDeclaration): boolean {
  const { name } = declaration;
  switch (declaration.target.type) {
    case 'store':
      return name in STORE_TOOLS;
    case 'assistant':
      return name in ASSISTANT_TOOLS;
    default:
      return isExternalTool(declaration);
  }
}

export const isChecked = (
  checked: CheckedCall | ToolCall,
): checked is CheckedCall => 'declaration' in checked;

/**
 * What a change would do, worked out without writing: the money it would
 * refund, in cents, and the names of the items and payment methods it
 * involves. Throws the `ToolError` the call itself would, so a change the
 * store would refuse is never put to the customer or a person.
 */
export async function previewChange(
  checked: CheckedCall,
  store: StoreAdapter,
): Promise<WritePreview> {
  const tool = STORE_TOOLS[checked.declaration.name];
  const preview = tool?.preview;
  if (!preview) return { refundCents: 0 };
  return guarded(checked.declaration.name, () => preview(store, checked.input));
}

/**
 * Whether a change already ran under `key`. The store keeps the keys of
 * the latest writes on the order or the user a change targets; a retried
 * step finds its earlier run there, before the preview refuses the change
 * that run made (a cancelled order can no longer be cancelled).
 */
export async function ranUnder(
  checked: CheckedCall,
  store: StoreAdapter,
  key: string,
): Promise<boolean> {
  const { order_id: orderId, user_id: userId } = checked.input;
  if (!STORE_TOOLS[checked.declaration.name]) return false;
  const record = await guarded(checked.declaration.name, async () => {
    if (typeof orderId === 'string') return store.getOrder(orderId);
    if (typeof userId === 'string') return store.getUser(userId);
    return undefined;
  });
  return record?.writes?.some((write) => write.key === key) ?? false;
}

/**
 * Runs a checked call: `succeeded` with its result, or `failed` with the
 * `ToolError` message. The result goes back to the model, so every outcome
 * carries JSON text. Unexpected backend errors throw `TransientError`; a
 * change carries `idempotencyKey`, so the retry never acts twice (a tenant
 * backend gets the key with reads too, to recognise repeats).
 */
export async function execute(
  call: ToolCall,
  checked: CheckedCall,
  context: ToolCallContext,
  idempotencyKey: string,
): Promise<ToolCall> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  const { declaration, input } = checked;
  try {
    const value = await guarded(call.name, async () => {
      const assistant = ASSISTANT_TOOLS[call.name];
      if (assistant) return assistant.run(input as never);
      if (isExternalTool(declaration)) {
        return runExternalTool(
          declaration,
          input,
          {
            tenantId: context.config.tenantId,
            conversationId: context.conversationId,
            idempotencyKey,
          },
          context.external,
        );
      }
      return STORE_TOOLS[call.name]?.run(
        context.store,
        input,
        declaration.risk === 'read' ? {} : { idempotencyKey },
      );
    });
    return {
      ...call,
      status: 'succeeded',
      result: boundedJson(value),
      latencyMs: latency(),
    };
  } catch (error) {
    const refusal = refusalOf(call, error);
    if (!refusal) throw error;
    return { ...refusal, latencyMs: latency() };
  }
}

/**
 * The call as the backend refused it: `failed` for a `ToolError` (the store
 * said no), `rejected` for a `ValidationError` (the store's own check of
 * the input); `undefined` for any other error.
 */
export function refusalOf(
  call: ToolCall,
  error: unknown,
): ToolCall | undefined {
  if (error instanceof ToolError) return failed(call, error.message);
  if (error instanceof ValidationError) return reject(call, error.message);
  return undefined;
}

/** Runs `work`, turning backend surprises into `TransientError`. */
async function guarded<T>(tool: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ToolError || error instanceof FrontlineError) {
      throw error;
    }
    const reason = error instanceof Error ? error.name : typeof error;
    throw new TransientError(`Tool ${tool} failed in its backend: ${reason}`, {
      cause: error,
    });
  }
}

export const reject = (call: ToolCall, message: string): ToolCall => ({
  ...call,
  status: 'rejected',
  result: errorJson(message),
});

export const failed = (call: ToolCall, message: string): ToolCall => ({
  ...call,
  status: 'failed',
  result: errorJson(message),
});

const errorJson = (message: string) => boundedJson({ error: message });
