import { UnauthorizedError } from '../shared/errors';
import { bearerToken, type HttpEvent } from '../shared/http';
import { tokenMatches } from '../shared/secrets';

/** Who made an agent request. */
export interface Agent {
  readonly agentId: string;
}

/** Environment variable with the SHA-256 (hex) of the shared agent token. */
export const AGENT_TOKEN_ENV = 'AGENT_TOKEN_SHA256';

/**
 * Checks the request's `Authorization: Bearer <agent token>` against the
 * hash in `AGENT_TOKEN_SHA256`. With no hash configured, every request is
 * refused: the API never runs open.
 *
 * TODO(agent-api): every agent shares one token and is recorded as `agent`,
 * and the token is valid for every tenant. Per-agent, per-tenant identities
 * need a Cognito user pool with a JWT authorizer on the HTTP API; the agent
 * id and tenant would then come from the token's claims.
 */
export function authorizeAgent(event: HttpEvent): Agent {
  const expected = process.env[AGENT_TOKEN_ENV] ?? '';
  if (expected === '') {
    throw new UnauthorizedError(
      'The agent API has no token configured, so it refuses every request',
    );
  }
  const token = bearerToken(event);
  if (!tokenMatches(token, expected)) {
    throw new UnauthorizedError('The agent token is not valid');
  }
  return { agentId: 'agent' };
}
