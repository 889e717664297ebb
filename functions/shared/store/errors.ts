import { FrontlineError } from '../errors';

/**
 * A tool ran but could not do what was asked ("order not found"). The
 * message is plain and goes back to the model as the tool's error result;
 * it must never carry more than the caller already knows.
 */
export class ToolError extends FrontlineError {
  override readonly status = 422;
  override readonly expose = true;
}
