import { CloseInputSchema } from '../../schemas/workflow';
import { stepHandler } from '../shared/step-handler';
import { close } from './close';

/** Workflow step `Close`: ends the segment and publishes the event. */
export const handler = stepHandler(CloseInputSchema, (input) => close(input));
