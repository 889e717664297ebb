import { UnderstandInputSchema } from '../../schemas/workflow';
import { stepHandler } from '../shared/step-handler';
import { understand } from './understand';

/** Workflow step `Understand`: opens the next turn and routes it. */
export const handler = stepHandler(UnderstandInputSchema, (input) =>
  understand(input),
);
