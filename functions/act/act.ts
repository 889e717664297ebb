import { createHash } from 'node:crypto';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Approval } from '../../schemas/approval';
import type { TenantConfig } from '../../schemas/tenant-config';
import type { ToolCall, ToolCallStatus, TurnRecord } from '../../schemas/turn';
import type { ActOutput, TurnStepInput } from '../../schemas/workflow';
import { createApproval, getApproval } from '../shared/approvals';
import { updateConversation } from '../shared/conversations';
import { InvariantError, TransientError } from '../shared/errors';
import { logger, metrics } from '../shared/observability';
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
import { awaitingConfirmation, describeChange, refused } from './change';
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
  type ToolCallContext,
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

interface ActContext extends ToolCallContext {
  readonly ref: TurnStepInput;
  readonly vault: ConversationVault;
  readonly now: Date;
  /** Whether a change of this turn already waits for the customer's yes. */
  asking: boolean;
}

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
      await decideCall(call, position, turn, context),
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
  turn: TurnRecord,
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

  let preview: WritePreview;
  try {
    preview = await previewChange(checked, context.store);
  } catch (error) {
    const refusal = refusalOf(call, error);
    if (refusal) return refusal;
    throw error;
  }
  const reason = approvalReason(checked, preview.refundCents, context.config);
  if (!reason) return execute(call, checked, context, key);

  const approval = await createApproval(
    newApproval(call, position, turn, checked, preview, reason, context),
    context.now,
  );
  metrics.addMetric('ApprovalsRequested', MetricUnit.Count, 1);
  return {
    ...call,
    status: 'awaiting_approval',
    approvalId: approval.approvalId,
  };
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
  let preview: WritePreview;
  try {
    preview = await previewChange(checked, context.store);
  } catch (error) {
    const refusal = refusalOf(call, error);
    if (refusal) return refusal;
    throw error;
  }
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

/** Runs or refuses a change once a person decided on it. */
async function afterApproval(
  call: ToolCall,
  checked: CheckedCall,
  context: ActContext,
  key: string,
): Promise<ToolCall> {
  if (!call.approvalId) {
    throw new InvariantError(`Tool call ${call.id} waits for no approval`);
  }
  const stored = await getApproval(context.ref.tenantId, call.approvalId);
  if (!stored) {
    throw new InvariantError(`Approval ${call.approvalId} does not exist`);
  }
  const { approval } = stored;
  switch (approval.status) {
    case 'pending':
      return call;
    case 'approved':
      metrics.addMetric('ApprovalsApproved', MetricUnit.Count, 1);
      return execute(call, checked, context, key);
    case 'refused':
    case 'expired':
      metrics.addMetric('ApprovalsRefused', MetricUnit.Count, 1);
      return {
        ...call,
        status: 'refused',
        result: refused(approval.change, approval.status, approval.note),
      };
  }
}

/** Why a confirmed change needs a person, or `undefined` when it does not. */
function approvalReason(
  checked: CheckedCall,
  refundCents: number,
  config: TenantConfig,
): Approval['reason'] | undefined {
  if (checked.declaration.risk === 'approval_required') return 'risk';
  const threshold = config.tools.approvalAboveCents;
  if (threshold !== undefined && refundCents > threshold) {
    return 'refund_threshold';
  }
  return undefined;
}

function newApproval(
  call: ToolCall,
  position: number,
  turn: TurnRecord,
  checked: CheckedCall,
  preview: WritePreview,
  reason: Approval['reason'],
  context: ActContext,
): Approval {
  const { refundCents, labels } = preview;
  const at = context.now.toISOString();
  return {
    tenantId: turn.tenantId,
    approvalId: approvalId(turn, position),
    conversationId: turn.conversationId,
    segment: turn.segment,
    index: turn.index,
    callId: call.id,
    tool: call.name,
    input: call.input,
    change: context.vault.redactText(
      describeChange(call.name, checked.input, refundCents, labels),
    ),
    refundCents,
    reason,
    status: 'pending',
    createdAt: at,
    updatedAt: at,
  };
}

/** The call with personal data in its result as placeholders. */
function redactResult(call: ToolCall, vault: ConversationVault): ToolCall {
  return call.result === undefined
    ? call
    : { ...call, result: vault.redactJsonText(call.result) };
}

/** `<conversationId>-<segment>-<turn>-<call position from 1>`. */
export const approvalId = (turn: TurnRecord, position: number): string =>
  `${turn.conversationId}-${turn.segment}-${turn.index}-${position + 1}`;

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
