/**
 * Key layout of the tables in `schemas/tables.ts`. Every partition key starts
 * with the tenant, so no query can cross tenants.
 */
const pad = (n: number, width: number): string =>
  String(n).padStart(width, '0');

export const conversationPk = (tenantId: string, conversationId: string) =>
  `T#${tenantId}#C#${conversationId}`;

export const SK = {
  head: 'META',
  message: (sequence: number) => `MSG#${pad(sequence, 10)}`,
  messagePrefix: 'MSG#',
  messageClaim: (messageId: string) => `MSGID#${messageId}`,
  turn: (segment: number, index: number) =>
    `TURN#${pad(segment, 6)}#${pad(index, 6)}`,
  /** The conversation's encrypted PII vault: placeholders and values. */
  piiVault: 'PII',
  /** The redacted transcript of a closed segment, which analytics reads. */
  transcript: (segment: number) => `TRANSCRIPT#${pad(segment, 6)}`,
  /** Part 1 is the transcript's own key; more parts follow it. */
  transcriptPart: (segment: number, part: number) =>
    part === 1
      ? `TRANSCRIPT#${pad(segment, 6)}`
      : `TRANSCRIPT#${pad(segment, 6)}#${pad(part, 3)}`,
  transcriptPrefix: 'TRANSCRIPT#',
} as const;

export const handoffPk = (tenantId: string, handoffId: string) =>
  `T#${tenantId}#H#${handoffId}`;
export const HANDOFF_SK = 'HANDOFF';
/** gsi1 partition listing a tenant's handoffs by status, oldest first. */
export const handoffStatusGsiPk = (tenantId: string, status: string) =>
  `T#${tenantId}#HANDOFFS#${status}`;

export const approvalPk = (tenantId: string, approvalId: string) =>
  `T#${tenantId}#A#${approvalId}`;
export const APPROVAL_SK = 'APPROVAL';
/** gsi1 partition listing a tenant's approvals by status, oldest first. */
export const approvalStatusGsiPk = (tenantId: string, status: string) =>
  `T#${tenantId}#APPROVALS#${status}`;

export const tenantPk = (tenantId: string) => `T#${tenantId}`;
export const TENANT_SK = {
  config: 'CONFIG',
  document: (documentId: string) => `DOC#${documentId}`,
  documentPrefix: 'DOC#',
  /** An agent's credential for the tenant (`schemas/agent.ts`). */
  agent: (agentId: string) => `AGENT#${agentId}`,
  agentPrefix: 'AGENT#',
} as const;

/**
 * Execution name of a conversation segment. Tenant ids have no `_`, and the
 * segment is last, so the name is unambiguous; it stays within the 80
 * characters Step Functions allows. Names stay taken for 90 days after an
 * execution ends, which is why a reopened conversation takes a new segment.
 */
export const executionName = (
  tenantId: string,
  conversationId: string,
  segment: number,
) => `${tenantId}_${conversationId}_${segment}`;
