import { DeliverInputSchema } from '../../schemas/workflow';
import { stepHandler } from '../shared/step-handler';
import { deliver } from './deliver';

/** Workflow steps `DeliverAndAwait`, `DeliverThenContinue`, `Apologise`. */
export const handler = stepHandler(DeliverInputSchema, deliver);
