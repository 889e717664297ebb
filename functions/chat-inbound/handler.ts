import { httpHandler } from '../shared/http';
import { router } from '../shared/router';
import { postMessage } from './post-message';
import { readConversation } from './read-conversation';

/**
 * The web chat's API: customers post messages and read the conversation.
 * Routes come from `functions/shared/routes.ts`.
 */
export const handler = httpHandler(
  router('chat-inbound', {
    'POST /tenants/{tenantId}/conversations/{conversationId}/messages':
      postMessage,
    'GET /tenants/{tenantId}/conversations/{conversationId}': readConversation,
  }),
);
