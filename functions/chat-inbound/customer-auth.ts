import * as z from 'zod';
import type { Conversation } from '../../schemas/conversation';
import { ConversationIdSchema, TenantIdSchema } from '../../schemas/ids';
import { UnauthorizedError } from '../shared/errors';
import { bearerToken, type HttpEvent } from '../shared/http';
import { tokenMatches } from '../shared/secrets';

/** Path parameters of the conversation routes. */
export const ConversationPathSchema = z.object({
  tenantId: TenantIdSchema,
  conversationId: ConversationIdSchema,
});

/**
 * Checks the request's `Authorization: Bearer <customer token>` against the
 * hash kept on the conversation's head. Throws `UnauthorizedError` when the
 * header is missing or the token belongs to another conversation.
 */
export function authorizeCustomer(event: HttpEvent, head: Conversation): void {
  const token = bearerToken(event);
  if (!tokenMatches(token, head.customerTokenSha256)) {
    throw new UnauthorizedError(
      'The customer token does not match this conversation',
    );
  }
}
