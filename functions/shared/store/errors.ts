import { ConflictError, FrontlineError } from '../errors';

/**
 * A tool ran but could not do what was asked ("order not found"). The
 * message is plain and goes back to the model as the tool's error result;
 * it must never carry more than the caller already knows.
 */
export class ToolError extends FrontlineError {
  override readonly status = 422;
  override readonly expose = true;
}

/**
 * A conditional put found the record at another revision: someone else
 * wrote it in between. Transient: the write tools decide again a few
 * times, and when the record keeps changing the workflow retries the act
 * step (its `Retry` names this error), whose idempotency key keeps the
 * change from running twice. A key reused for a different call is a plain
 * `ConflictError`, which no retry can fix.
 */
export class RevisionConflictError extends ConflictError {}

/**
 * A gift card no longer covers a debit the call decided on: another change
 * spent it between the plan and the write. The order is put back as it
 * was before this is thrown.
 */
export class GiftCardShortError extends ToolError {}
