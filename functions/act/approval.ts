import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Approval } from '../../schemas/approval';
import type { TenantConfig } from '../../schemas/tenant-config';
import type { ToolCall } from '../../schemas/turn';
import type { TurnStepInput } from '../../schemas/workflow';
import { createApproval, getApproval } from '../shared/approvals';
import { InvariantError } from '../shared/errors';
import { metrics } from '../shared/observability';
import type { WritePreview } from '../shared/store/tool';
import { describeChange, refused } from './change';
import type { ActContext } from './context';
import { type CheckedCall, execute } from './tool-call';

/**
 * Puts a confirmed change to a person when it needs one: the approval is
 * stored (once, whatever the retries) and the call waits for its decision.
 * Returns `undefined` when the change may run without a person.
 */
export async function requestApproval(
  call: ToolCall,
  position: number,
  checked: CheckedCall,
  preview: WritePreview,
  context: ActContext,
): Promise<ToolCall | undefined> {
  const reason = approvalReason(checked, preview.refundCents, context.config);
  if (!reason) return undefined;

  const approval = await createApproval(
    newApproval(call, position, checked, preview, reason, context),
    context.now,
  );
  metrics.addMetric('ApprovalsRequested', MetricUnit.Count, 1);
  return {
    ...call,
    status: 'awaiting_approval',
    approvalId: approval.approvalId,
  };
}

/** Runs or refuses a change once a person decided on it. */
export async function afterApproval(
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
  checked: CheckedCall,
  preview: WritePreview,
  reason: Approval['reason'],
  context: ActContext,
): Approval {
  const { ref } = context;
  const { refundCents, labels } = preview;
  const at = context.now.toISOString();
  return {
    tenantId: ref.tenantId,
    approvalId: approvalId(ref, position),
    conversationId: ref.conversationId,
    segment: ref.segment,
    index: ref.index,
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

/** `<conversationId>-<segment>-<turn>-<call position from 1>`. */
export const approvalId = (ref: TurnStepInput, position: number): string =>
  `${ref.conversationId}-${ref.segment}-${ref.index}-${position + 1}`;
