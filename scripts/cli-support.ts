import { FrontlineError } from '../functions/shared/errors';

/** Where a command line writes, and the environment it reads. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

/** The process's own streams and environment. */
export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

/** The command line itself is wrong: exit 2 with a pointer to --help. */
export class UsageError extends Error {}

/**
 * Reports a failed command and returns its exit code: 2 for bad usage, 1
 * otherwise. An error of ours is its message; anything else also gets its
 * stack, since it is a bug.
 */
export function reportFailure(error: unknown, io: CliIo): number {
  const usage =
    error instanceof UsageError ||
    (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  const known = usage || error instanceof FrontlineError;
  const message = error instanceof Error ? error.message : String(error);
  io.err(`Error: ${message}`);
  if (usage) io.err('Run with --help for usage.');
  if (!known && error instanceof Error && error.stack) io.err(error.stack);
  return usage ? 2 : 1;
}
