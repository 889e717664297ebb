import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { decideApproval } from '../shared/approvals';
import { logger, metrics } from '../shared/observability';
import { type ExpireApprovalInput, waitingApproval } from './open';

/** Who the audit record names when nobody decided in time. */
export const EXPIRED_BY = 'timeout';

/**
 * Marks an approval nobody decided in time as expired; act then refuses the
 * change and the assistant tells the customer. An agent's decision that
 * landed first stands. Safe to repeat.
 */
export async function expireApproval(
  input: ExpireApprovalInput,
): Promise<{ approvalId: string }> {
  const approval = await waitingApproval(input);
  if (approval.status !== 'pending') {
    logger.info('Approval was decided as it timed out', {
      approval_id: approval.approvalId,
      status: approval.status,
    });
    return { approvalId: approval.approvalId };
  }
  const decided = await decideApproval(approval, 'expired', {
    decidedBy: EXPIRED_BY,
  });
  if (decided) metrics.addMetric('ApprovalsExpired', MetricUnit.Count, 1);
  return { approvalId: approval.approvalId };
}
