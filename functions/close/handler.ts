import { CloseInputSchema } from '../../schemas/workflow';
import { registerIdempotencyContext } from '../shared/idempotency';
import { stepHandler } from '../shared/step-handler';
import { close } from './close';
import { closedEventIdempotency } from './closed-event';

/** Workflow step `Close`: ends the segment and publishes the event. */
export const handler = stepHandler(CloseInputSchema, (input) =>
  close(input),
).use(registerIdempotencyContext(closedEventIdempotency));
