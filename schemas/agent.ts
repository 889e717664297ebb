import * as z from 'zod';
import { IsoDateSchema, TenantIdSchema } from './ids';

/** The id audit records give whoever used the shared agent token. */
export const SHARED_AGENT_ID = 'agent';

/**
 * An agent's id: lower-case letters, digits and dashes, no dots; never
 * `agent`, which stands for the shared token in audit records.
 */
export const AgentIdSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, {
    message: 'agentId must be 1-40 lower-case letters, digits or dashes',
  })
  .refine((id) => id !== SHARED_AGENT_ID, {
    message: `agentId "${SHARED_AGENT_ID}" is kept for the shared token`,
  });

/** An agent's name as the audit records show it. */
export const AgentNameSchema = z.string().trim().min(1).max(100);

/**
 * An agent's credential for one tenant, kept on the Tenants table under the
 * tenant's partition (`AGENT#<agentId>`): an agent may act for exactly the
 * tenants that hold such an item. Only the SHA-256 of the token is kept;
 * the token itself (`<agentId>.<secret>`) is shown once, when it is made.
 */
export const AgentRecordSchema = z.object({
  tenantId: TenantIdSchema,
  agentId: AgentIdSchema,
  name: AgentNameSchema,
  /** SHA-256 (hex) of the whole bearer token. */
  tokenSha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: IsoDateSchema,
});
export type AgentRecord = z.infer<typeof AgentRecordSchema>;

/**
 * The agent a token names: `<agentId>.<secret>`, the secret 43 base64url
 * characters. `undefined` for any other shape.
 */
export function agentIdOfToken(token: string): string | undefined {
  const match = /^([a-z0-9-]{1,40})\.[A-Za-z0-9_-]{43}$/.exec(token);
  return match && AgentIdSchema.safeParse(match[1]).success
    ? match[1]
    : undefined;
}
