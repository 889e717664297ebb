import { ListHandoffsQuerySchema } from '../../schemas/chat-api';
import { listHandoffs } from '../shared/handoffs';
import { type HttpEvent, type HttpResult, json } from '../shared/http';
import { appendConversationKeys } from '../shared/observability';
import { parseOrThrow } from '../shared/validate';
import { authorizeAgent } from './agent-auth';
import { TenantPathSchema, toView } from './handoff-access';

/**
 * `GET /tenants/{tenantId}/handoffs?status=open&limit=&nextToken=`: oldest
 * first; `nextToken` while there may be more.
 */
export async function listTenantHandoffs(
  event: HttpEvent,
  params: Readonly<Record<string, string>>,
): Promise<HttpResult> {
  await authorizeAgent(event, params.tenantId);
  const { tenantId } = parseOrThrow(TenantPathSchema, params, 'path');
  const query = event.queryStringParameters ?? {};
  const { status, ...page } = parseOrThrow(
    ListHandoffsQuerySchema,
    query,
    'query',
  );
  appendConversationKeys({ tenantId });

  const { items, nextToken } = await listHandoffs(tenantId, status, page);
  return json(200, {
    handoffs: items.map(toView),
    ...(nextToken ? { nextToken } : {}),
  });
}
