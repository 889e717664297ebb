import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { clearTenantCache } from '../../functions/shared/tenants';
import type { Message } from '../../schemas/message';
import { FakeTables } from './workflow-steps/fake-tables';
import { message } from './workflow-steps/fixtures';

/**
 * The understand step over mocked DynamoDB: the assistant's last words a
 * customer answers, and a fresh set of tables per test (`setUp`).
 */
export const ddb = mockClient(DynamoDBDocumentClient);

export const OFFER =
  'Would you like me to connect you with a member of our team?';
/** The offer as a model writes it in another language, reworded a little. */
export const OFFER_ES =
  'Lo siento. ¿Quiere que le ponga en contacto con un miembro de nuestro equipo?';
export const OFFER_DE =
  'Möchten Sie, dass ich Sie mit einem Mitglied unseres Teams verbinde?';
export const OFFER_FR =
  'Souhaitez-vous que je vous mette en relation avec un membre de notre equipe?';
export const BRING_IN = 'Shall I bring in a person from the support team?';
export const UPDATE = 'Your order has shipped.';
export const QUESTION = 'Shall I cancel the second item?';

/** A tenant with tools, as the demo tenant is configured. */
export const WITH_TOOLS = { tools: { enabled: ['get_order_details'] } };

/** Resets the mocks and the tenant cache; returns empty tables. */
export function setUp(): FakeTables {
  ddb.reset();
  clearTenantCache();
  const tables = new FakeTables(ddb);
  delete process.env.MAX_TURNS_PER_EXECUTION;
  return tables;
}

/** The customer's texts, then the assistant's last words, as stored. */
export function dialogue(texts: readonly string[], lastAssistant?: string) {
  const before: Message[] = lastAssistant
    ? [message(2, 'assistant', lastAssistant), message(1, 'customer', 'hi')]
    : [];
  const pending = texts.map((text, i) => message(3 + i, 'customer', text));
  return { pending, before };
}
