import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Context } from 'aws-lambda';

/** A tenant's tool function: a Lambda handler, event and context in. */
export type TenantFunction = (event: unknown, context: Context) => unknown;

/** A tenant function and the timeout its deployed function has. */
export interface LocalTenantFunction {
  readonly handler: TenantFunction;
  /** @default 3, Lambda's own default */
  readonly timeoutSeconds?: number;
}

/** Finds a tenant function by its Lambda function name. */
export type FunctionResolver = (
  functionName: string,
) => Promise<LocalTenantFunction | undefined>;

/** Lambda's limits on a function's timeout, in seconds. */
const TIMEOUT_SECONDS = { min: 1, max: 900 } as const;

/**
 * The tool functions of the tenant folders: `<dir>/functions/<name>.ts`
 * exporting `handler` stands in for the Lambda function `<name>` that
 * the tenant deploys on AWS; it may export `timeoutSeconds`, the timeout
 * configured on that function (Lambda's default, 3, otherwise). Modules
 * load on first use. A name is one function in an account, so when
 * several folders hold it (a copy of a tenant folder), the first folder's
 * file runs.
 */
export function tenantFunctions(dirs: readonly string[]): FunctionResolver {
  const files = new Map<string, string>();
  for (const dir of dirs) {
    const folder = resolve(dir, 'functions');
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
      const name = basename(file, '.ts');
      if (!files.has(name)) files.set(name, join(folder, file));
    }
  }

  const loaded = new Map<string, Promise<LocalTenantFunction>>();
  return async (functionName) => {
    const file = files.get(functionName);
    if (!file) return undefined;
    let local = loaded.get(functionName);
    if (!local) {
      local = import(file).then((module) => localFunction(file, module));
      loaded.set(functionName, local);
    }
    return local;
  };
}

function localFunction(
  file: string,
  module: { handler?: unknown; timeoutSeconds?: unknown },
): LocalTenantFunction {
  const { handler, timeoutSeconds } = module;
  if (typeof handler !== 'function') {
    throw new Error(`${file} does not export a handler function`);
  }
  if (timeoutSeconds === undefined) {
    return { handler: handler as TenantFunction };
  }
  const { min, max } = TIMEOUT_SECONDS;
  if (
    typeof timeoutSeconds !== 'number' ||
    !Number.isInteger(timeoutSeconds) ||
    timeoutSeconds < min ||
    timeoutSeconds > max
  ) {
    throw new Error(
      `${file} exports timeoutSeconds ${String(timeoutSeconds)}; ` +
        `a Lambda timeout is a whole number of seconds from ${min} to ${max}`,
    );
  }
  return { handler: handler as TenantFunction, timeoutSeconds };
}
