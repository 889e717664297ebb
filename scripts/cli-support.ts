import { sep } from 'node:path';
import type * as z from 'zod';
import { FrontlineError } from '../functions/shared/errors';
import { parseOrThrow } from '../functions/shared/validate';

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

/**
 * The exit code when the command line asks for help (0, help on stdout) or
 * names no command (2, help on stderr); `undefined` otherwise.
 */
export function helpExit(
  help: boolean | undefined,
  command: string | undefined,
  text: string,
  io: CliIo,
): number | undefined {
  if (help) {
    io.out(text);
    return 0;
  }
  if (command) return undefined;
  io.err(text);
  return 2;
}

/** A required option checked with its schema; missing or bad, a usage error. */
export function requiredOption<S extends z.ZodType>(
  schema: S,
  value: string | undefined,
  flag: string,
  missing = `${flag} is required`,
): z.infer<S> {
  if (value === undefined || value === '') throw new UsageError(missing);
  try {
    return parseOrThrow(schema, value, flag);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
