import { httpHandler } from '../shared/http';
import { router } from '../shared/router';
import { decideTenantApproval, listTenantApprovals } from './approvals';
import { handBackHandoff, heartbeatHandoff, resolveHandoff } from './decide';
import { postHandoffMessage, readHandoffMessages } from './handoff-messages';
import { listTenantHandoffs } from './list-handoffs';

/**
 * The agents' API: list handoffs, read one's conversation and write to
 * its customer, resolve one, hand one back to the assistant, or keep a
 * claimed one alive; list the changes waiting for
 * approval and approve or refuse one. Agents name handoffs by id; the
 * task tokens behind them never leave the backend. Routes come from
 * `functions/shared/routes.ts`.
 */
export const handler = httpHandler(
  router('agent-api', {
    'GET /tenants/{tenantId}/handoffs': listTenantHandoffs,
    'POST /tenants/{tenantId}/handoffs/{handoffId}/resolve': resolveHandoff,
    'POST /tenants/{tenantId}/handoffs/{handoffId}/hand-back': handBackHandoff,
    'POST /tenants/{tenantId}/handoffs/{handoffId}/heartbeat': heartbeatHandoff,
    'GET /tenants/{tenantId}/handoffs/{handoffId}/messages':
      readHandoffMessages,
    'POST /tenants/{tenantId}/handoffs/{handoffId}/messages':
      postHandoffMessage,
    'GET /tenants/{tenantId}/approvals': listTenantApprovals,
    'POST /tenants/{tenantId}/approvals/{approvalId}/decision':
      decideTenantApproval,
  }),
);
