import { TurnStepInputSchema } from '../../schemas/workflow';
import { stepHandler } from '../shared/step-handler';
import { respond } from './respond';

/** Workflow step `Respond`: the model's reply or its tool calls. */
export const handler = stepHandler(TurnStepInputSchema, respond);
