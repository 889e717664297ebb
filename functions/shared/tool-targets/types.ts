/** Who a tenant tool is called for, passed on to its backend. */
export interface ExternalToolContext {
  readonly tenantId: string;
  readonly conversationId: string;
  /**
   * The same for every attempt of one tool call, so a backend can
   * recognise a repeat: sent as `Idempotency-Key` (HTTP tools that change
   * data) and in the Lambda payload.
   */
  readonly idempotencyKey: string;
}
