import { sep } from 'node:path';
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

/**
 * Runs `run` with the process's arguments and exit code when the process
 * was started with `scripts/<file>`; does nothing when a test imports it.
 */
export function runIfMain(
  file: string,
  run: (argv: readonly string[]) => Promise<number>,
): void {
  if (!process.argv[1]?.endsWith(`${sep}scripts${sep}${file}`)) return;
  // Lambda runs Node 22; the SDK's notice about an older Node is known.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
