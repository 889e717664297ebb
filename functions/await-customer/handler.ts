import { AwaitCustomerInputSchema } from '../../schemas/workflow';
import { stepHandler } from '../shared/step-handler';
import { awaitCustomer } from './await-customer';

/** Workflow step `AwaitCustomer`: waits for the customer's next message. */
export const handler = stepHandler(AwaitCustomerInputSchema, awaitCustomer);
