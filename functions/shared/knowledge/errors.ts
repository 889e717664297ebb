import { InvariantError } from '../errors';

/**
 * A knowledge index of another version or tokenizer than this code reads:
 * older or newer code built it, and ingesting its documents again
 * replaces it.
 */
export class KnowledgeIndexVersionError extends InvariantError {
  constructor(
    message: string,
    /** The version the index declares. */
    readonly version: unknown,
    /** The tokenizer the index declares. */
    readonly tokenizer: unknown,
  ) {
    super(message);
  }
}
