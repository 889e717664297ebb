import { HandoffInputSchema } from '../../schemas/workflow';
import { stepHandler } from '../shared/step-handler';
import { expireHandoff } from './expire';
import { openHandoff } from './open';

/** Workflow steps `Handoff` (open) and `HandoffUnanswered` (expire). */
export const handler = stepHandler(HandoffInputSchema, (input) =>
  input.action === 'open' ? openHandoff(input) : expireHandoff(input),
);
