import { ApprovalInputSchema } from '../../schemas/workflow';
import { stepHandler } from '../shared/step-handler';
import { expireApproval } from './expire';
import { openApproval } from './open';

/** Workflow steps `AwaitApproval` (open) and `ApprovalExpired` (expire). */
export const handler = stepHandler(ApprovalInputSchema, (input) =>
  input.action === 'open' ? openApproval(input) : expireApproval(input),
);
