import { TurnStepInputSchema } from '../../schemas/workflow';
import { stepHandler } from '../shared/step-handler';
import { retrieve } from './retrieve';

/** Workflow step `Retrieve`: stores the turn's knowledge passages. */
export const handler = stepHandler(TurnStepInputSchema, retrieve);
