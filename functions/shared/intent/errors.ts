import { InvariantError, ValidationError } from '../errors';

/**
 * Labelled examples that cannot be used: a file that is missing or
 * malformed, a missing column, no rows. The message names the file or row
 * and what to change.
 */
export class IntentDataError extends ValidationError {}

/** A serialized model that is truncated, corrupt or of another version. */
export class IntentModelFormatError extends InvariantError {}
