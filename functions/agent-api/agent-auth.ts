import { agentIdOfToken, SHARED_AGENT_ID } from '../../schemas/agent';
import { TenantIdSchema } from '../../schemas/ids';
import { TABLES } from '../../schemas/tables';
import { getAgent } from '../shared/agents';
import { dynamo } from '../shared/clients/dynamo';
import { requireEnv } from '../shared/env';
import { UnauthorizedError } from '../shared/errors';
import { bearerToken, type HttpEvent } from '../shared/http';
import { tokenMatches } from '../shared/secrets';

/** Who made an agent request. */
export interface Agent {
  /** The agent's id; `agent` for the shared token. */
  readonly agentId: string;
  /**
   * The name the agent's credential was made with: what audit records
   * show. Absent for the shared token, which names no one.
   */
  readonly name?: string;
}

/** Environment variable with the SHA-256 (hex) of the shared agent token. */
export const AGENT_TOKEN_ENV = 'AGENT_TOKEN_SHA256';

/**
 * Checks the request's `Authorization: Bearer <token>` for an agent acting
 * on `tenantId` (the raw path parameter). Two kinds of token pass:
 *
 * - an agent's own token (`<agentId>.<secret>`, made with `npm run agents`),
 *   whose hash the tenant's partition of the Tenants table holds: the
 *   agent is known by id and name, and acts only for the tenants that hold
 *   its credential;
 * - the shared token whose hash is `AGENT_TOKEN_SHA256`, valid for every
 *   tenant and recorded as `agent`; none when the variable is empty.
 *
 * Anything else is `UnauthorizedError` (401), with the same message whether
 * the agent exists, elsewhere or not at all. Removing a credential takes effect at once:
 * nothing is cached.
 *
 * TODO(agent-api): tokens are long-lived bearer secrets an operator hands
 * out. Sign-in with expiring credentials needs a Cognito user pool with a
 * JWT authorizer on the HTTP API; the agent id and tenants would then come
 * from the token's claims.
 */
export async function authorizeAgent(
  event: HttpEvent,
  tenantId: string | undefined,
): Promise<Agent> {
  const token = bearerToken(event);
  const shared = process.env[AGENT_TOKEN_ENV] ?? '';
  if (shared !== '' && tokenMatches(token, shared)) {
    return { agentId: SHARED_AGENT_ID };
  }

  const agentId = agentIdOfToken(token);
  if (agentId && TenantIdSchema.safeParse(tenantId).success) {
    const table = {
      client: dynamo,
      tableName: requireEnv(TABLES.tenants.envVar),
    };
    const record = await getAgent(table, tenantId as string, agentId);
    if (record && tokenMatches(token, record.tokenSha256)) {
      return { agentId: record.agentId, name: record.name };
    }
  }
  throw new UnauthorizedError('The agent token is not valid for this tenant');
}
