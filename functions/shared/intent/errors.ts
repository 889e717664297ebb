import { InvariantError, ValidationError } from '../errors';

/**
 * Labelled examples that cannot be used: a file that is missing or
 * malformed, a missing column, no rows. The message names the file or row
 * and what to change.
 */
export class IntentDataError extends ValidationError {}

/** A serialized model that is truncated, corrupt or of another version. */
export class IntentModelFormatError extends InvariantError {}

/**
 * A serialized model of another format version than this code reads: it
 * was written by older or newer code, and training again replaces it.
 */
export class IntentModelVersionError extends IntentModelFormatError {
  constructor(
    readonly version: number,
    readonly expected: number,
  ) {
    super(
      `Unsupported intent model version ${version}; this code reads ` +
        `version ${expected}, so train it again`,
    );
  }
}
