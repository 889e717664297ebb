import { ListHandoffsQuerySchema } from '../../schemas/chat-api';
import { listHandoffs } from '../shared/handoffs';
import { type HttpEvent, type HttpResult, json } from '../shared/http';
import { appendConversationKeys } from '../shared/observability';
import { parseOrThrow } from '../shared/validate';
import { authorizeAgent } from './agent-auth';
import { TenantPathSchema, toView } from './handoff-access';

/**
 * `GET /tenants/{tenantId}/handoffs?status=open`: oldest first.
 *
 * TODO(agent-api): returns the oldest 50 with no cursor. A busy tenant needs
 * a `nextToken` built from the gsi1 query's LastEvaluatedKey.
 */
export async function listTenantHandoffs(
  event: HttpEvent,
  params: Readonly<Record<string, string>>,
): Promise<HttpResult> {
  authorizeAgent(event);
  const { tenantId } = parseOrThrow(TenantPathSchema, params, 'path');
  const query = event.queryStringParameters ?? {};
  const { status } = parseOrThrow(ListHandoffsQuerySchema, query, 'query');
  appendConversationKeys({ tenantId });

  const handoffs = await listHandoffs(tenantId, status);
  return json(200, { handoffs: handoffs.map(toView) });
}
