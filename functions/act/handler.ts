import { TurnStepInputSchema } from '../../schemas/workflow';
import { stepHandler } from '../shared/step-handler';
import { act } from './act';

/** Act step: runs the tool calls the model requested in the turn. */
export const handler = stepHandler(TurnStepInputSchema, (input) => act(input));
