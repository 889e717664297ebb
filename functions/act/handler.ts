import { TurnStepInputSchema } from '../../schemas/workflow';
import { stepHandler } from '../shared/step-handler';
import { act } from './act';
import { dynamoStoreFor } from './store';

/**
 * Act step: runs the tool calls the model requested in the turn, stopping
 * before a call that might outlast the invocation.
 */
export const handler = stepHandler(TurnStepInputSchema, (input, context) =>
  act(input, {
    storeFor: dynamoStoreFor,
    remainingMs: () => context.getRemainingTimeInMillis(),
  }),
);
