import type { ToolCall } from '../../schemas/turn';
import type { TurnStepInput } from '../../schemas/workflow';
import { logger } from '../shared/observability';
import type { StoreAdapter } from '../shared/store/adapter';
import { getTenantConfig } from '../shared/tenants';
import { getTurn, updateTurn } from '../shared/turns';
import { dynamoStoreFor } from './store';
import { runToolCall } from './tool-call';

export interface ActDependencies {
  /** The store backend of a tenant. @default the Store table */
  readonly storeFor: (tenantId: string) => StoreAdapter;
}

export interface ActOutput {
  /** Tool calls decided by this invocation (run, failed or rejected). */
  readonly ran: number;
}

/**
 * Decides every tool call of the turn that is still `requested`, then
 * stores all of them with one update. Calls decided earlier are left as
 * they are, so a retried step never runs a tool twice once its outcome is
 * stored. A backend failure throws `TransientError` before anything is
 * stored: the workflow retries the whole step.
 */
export async function act(
  input: TurnStepInput,
  deps: ActDependencies = { storeFor: dynamoStoreFor },
): Promise<ActOutput> {
  const turn = await getTurn(input);
  const requested = turn.toolCalls.filter((c) => c.status === 'requested');
  if (requested.length === 0) return { ran: 0 };

  const config = await getTenantConfig(input.tenantId);
  const context = {
    enabled: new Set(config.tools.enabled),
    store: deps.storeFor(input.tenantId),
  };
  // TODO(act): once tools that change data can run, store each decided call
  // before running the next one, so that a retry after a transient failure
  // never repeats a write; for read tools re-running is harmless.
  const decided = new Map<string, ToolCall>();
  for (const call of requested) {
    decided.set(call.id, await runToolCall(call, context));
  }

  await updateTurn(input, {
    toolCalls: turn.toolCalls.map((call) => decided.get(call.id) ?? call),
  });
  logger.info('Tool calls decided', {
    turn_index: input.index,
    tool_calls: [...decided.values()].map((call) => ({
      name: call.name,
      status: call.status,
      latencyMs: call.latencyMs,
      resultChars: call.result?.length ?? 0,
    })),
  });
  return { ran: decided.size };
}
