import { createHash } from 'node:crypto';
import type { ToolCall, ToolCallStatus } from '../../schemas/turn';
import type { ActOutput, TurnStepInput } from '../../schemas/workflow';
import { updateConversation } from '../shared/conversations';
import { TransientError } from '../shared/errors';
import { logger } from '../shared/observability';
import {
  type ConversationVault,
  openVault,
} from '../shared/pii/conversation-vault';
import type { StoreAdapter } from '../shared/store/adapter';
import type { WritePreview } from '../shared/store/tool';
import { getTenantConfig } from '../shared/tenants';
import { findTool } from '../shared/tool-catalogue';
import {
  type ExternalToolDependencies,
  worstCaseMs,
} from '../shared/tool-targets';
import { getTurn, updateTurn } from '../shared/turns';
import { afterApproval, requestApproval } from './approval';
import { awaitingConfirmation, describeChange } from './change';
import type { ActContext } from './context';
import { withinTurnBudget } from './result';
import { MAX_TOOL_CALLS_PER_ROUND, withinRoundLimit } from './round-limit';
import { dynamoStoreFor } from './store';
import {
  type CheckedCall,
  checkCall,
  execute,
  isChecked,
  previewChange,
  ranUnder,
  refusalOf,
  reject,
} from './tool-call';

export interface ActDependencies {
  /** The store backend of a tenant. @default the Store table */
  readonly storeFor: (tenantId: string) => StoreAdapter;
  readonly now?: () => Date;
  /** Clients of the tenants' own tool backends. @default the real ones */
  readonly external?: ExternalToolDependencies;
  /**
   * Milliseconds left in this invocation (the Lambda context's).
   * @default no limit
   */
  readonly remainingMs?: () => number;
}

/** Time kept back after the slowest call, to store its outcome. */
const STORE_MARGIN_MS = 2000;

/** Statuses act still has to decide. */
const OPEN: ReadonlySet<ToolCallStatus> = new Set([
  'requested',
  'awaiting_approval',
]);

/**
 * Decides the turn's open tool calls in order and stores each one before
 * deciding the next, so a retried step never repeats a call whose outcome
 * is stored. Reads run at once. A change (risk `write` or
 * `approval_required`) first waits for the customer's yes; once confirmed
 * it runs with an idempotency key, unless it needs a person's approval:
 * then act stops with `approval: true` and the workflow waits for the
 * decision before calling act again. A backend failure throws
 * `TransientError`; the workflow retries the step. Calls past
 * `MAX_TOOL_CALLS_PER_ROUND` in one round are rejected without running.
 *
 * Personal data stays as placeholders on the turn: a tool gets the values
 * of only the kinds it needs (`piiTypesForTool`), and what it returns is
 * stored redacted with the conversation's vault.
 */
export async function act(
  input: TurnStepInput,
  deps: ActDependencies = { storeFor: dynamoStoreFor },
): Promise<ActOutput> {
  const turn = await getTurn(input);
  if (!turn.toolCalls.some((c) => OPEN.has(c.status))) {
    return { ran: 0, approval: false };
  }

  const [config, vault] = await Promise.all([
    getTenantConfig(input.tenantId),
    openVault(input),
  ]);
  const context: ActContext = {
    ref: input,
    config,
    vault,
    conversationId: input.conversationId,
    enabled: new Set(config.tools.enabled),
    store: deps.storeFor(input.tenantId),
    reveal: (value, types) => vault.reidentifyInput(value, types),
    ...(deps.external ? { external: deps.external } : {}),
    now: deps.now?.() ?? new Date(),
    asking: turn.toolCalls.some((c) => c.status === 'awaiting_confirmation'),
  };

  let calls = withinRoundLimit(turn.toolCalls);
  let ran = await storeSurplus(input, turn.toolCalls, calls);
  for (const [position, call] of calls.entries()) {
    if (!OPEN.has(call.status)) continue;
    checkTimeLeft(call, context, deps.remainingMs);
    const redacted = redactResult(
      await decideCall(call, position, context),
      vault,
    );
    // The vault first: the stored result may name placeholders it added.
    await vault.save();
    const decided = withinTurnBudget(calls.with(position, redacted), position);
    calls = calls.with(position, decided);
    await updateTurn(input, { toolCalls: calls });
    logDecision(decided);
    if (decided.status === 'awaiting_approval') {
      return { ran, approval: true };
    }
    ran += 1;
  }
  return { ran, approval: false };
}

/**
 * Stores the calls past the limit of their round as rejected, before any
 * call runs, and returns how many there were.
 */
async function storeSurplus(
  ref: TurnStepInput,
  asked: readonly ToolCall[],
  limited: readonly ToolCall[],
): Promise<number> {
  const surplus = limited.filter((call, i) => call !== asked[i]).length;
  if (surplus === 0) return 0;
  await updateTurn(ref, { toolCalls: [...limited] });
  logger.warn('Tool calls past the limit of their round rejected', {
    rejected: surplus,
    limit: MAX_TOOL_CALLS_PER_ROUND,
  });
  return surplus;
}

/**
 * Throws `TransientError` when the call might outlast the invocation: the
 * calls decided so far are stored, and the workflow's retry starts, with
 * a full timeout, at this one. Better than the invocation timing out, which
 * the workflow does not retry.
 */
function checkTimeLeft(
  call: ToolCall,
  context: ActContext,
  remainingMs: (() => number) | undefined,
): void {
  if (!remainingMs) return;
  const declaration = findTool(context.config, call.name);
  const needed = (declaration ? worstCaseMs(declaration) : 0) + STORE_MARGIN_MS;
  const left = remainingMs();
  if (left >= needed) return;
  throw new TransientError(
    `Act has ${left} ms left, too little for tool call ${call.id} ` +
      `(${call.name} may take ${needed} ms); the retry decides it`,
  );
}

async function decideCall(
  call: ToolCall,
  position: number,
  context: ActContext,
): Promise<ToolCall> {
  const checked = checkCall(call, context);
  if (!isChecked(checked)) return checked;
  const key = idempotencyKey(context.ref, call);
  if (checked.declaration.risk === 'read') {
    return execute(call, checked, context, key);
  }

  if (call.status === 'awaiting_approval') {
    return afterApproval(call, checked, context, key);
  }
  if (!call.confirmed) return askCustomer(call, checked, context);
  // A retry after the change ran: its result, not a preview of it again.
  if (await ranUnder(checked, context.store, key)) {
    return execute(call, checked, context, key);
  }

  const preview = await previewOrRefusal(call, checked, context);
  if ('status' in preview) return preview; // the call, refused
  const awaiting = await requestApproval(
    call,
    position,
    checked,
    preview,
    context,
  );
  return awaiting ?? execute(call, checked, context, key);
}

/**
 * Puts a change to the customer: the call waits for their yes, which the
 * understand step recognises on their next turn. Only one change per turn
 * waits; the model is told to ask about the others afterwards.
 */
async function askCustomer(
  call: ToolCall,
  checked: CheckedCall,
  context: ActContext,
): Promise<ToolCall> {
  if (context.asking) {
    return reject(
      call,
      'Another change of this reply already waits for the customer to ' +
        'confirm it; ask about this one after they answered.',
    );
  }
  const preview = await previewOrRefusal(call, checked, context);
  if ('status' in preview) return preview; // the call, refused
  // The head first: if storing the call fails, the retry decides the same
  // call again and stores the same pending confirmation.
  const { segment, index } = context.ref;
  await updateConversation(
    context.ref,
    {
      pendingConfirmation: {
        segment,
        index,
        callId: call.id,
        askedAt: context.now.toISOString(),
      },
    },
    undefined,
    context.now,
  );
  context.asking = true;
  return {
    ...call,
    status: 'awaiting_confirmation',
    result: awaitingConfirmation(
      describeChange(
        call.name,
        checked.input,
        preview.refundCents,
        preview.labels,
      ),
    ),
  };
}

/**
 * What the change would do, or the call refused when the store would
 * refuse it: such a change is never put to the customer or a person.
 */
async function previewOrRefusal(
  call: ToolCall,
  checked: CheckedCall,
  context: ActContext,
): Promise<WritePreview | ToolCall> {
  try {
    return await previewChange(checked, context.store);
  } catch (error) {
    const refusal = refusalOf(call, error);
    if (refusal) return refusal;
    throw error;
  }
}

/** The call with personal data in its result as placeholders. */
function redactResult(call: ToolCall, vault: ConversationVault): ToolCall {
  return call.result === undefined
    ? call
    : { ...call, result: vault.redactJsonText(call.result) };
}

/**
 * The key a change runs under: the same for every attempt at one call of
 * one turn, and different for any other call.
 */
export function idempotencyKey(ref: TurnStepInput, call: ToolCall): string {
  const scope = [
    ref.tenantId,
    ref.conversationId,
    ref.segment,
    ref.index,
    call.id,
  ];
  return createHash('sha256')
    .update(JSON.stringify(scope))
    .digest('hex')
    .slice(0, 32);
}

function logDecision(call: ToolCall): void {
  logger.info('Tool call decided', {
    tool: call.name,
    status: call.status,
    latencyMs: call.latencyMs,
    resultChars: call.result?.length ?? 0,
    ...(call.approvalId ? { approval_id: call.approvalId } : {}),
  });
}
