import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/** A tenant's tool function: a Lambda handler, event and context in. */
export type TenantFunction = (
  event: unknown,
  context: Record<string, unknown>,
) => unknown;

/** Finds a tenant function by its Lambda function name. */
export type FunctionResolver = (
  functionName: string,
) => Promise<TenantFunction | undefined>;

/**
 * The tool functions of the tenant folders: `<dir>/functions/<name>.ts`
 * exporting `handler` stands in for the Lambda function `<name>` that
 * the tenant deploys on AWS. Modules load on first use. A name is one
 * function in an account, so when several folders hold it (a copy of a
 * tenant folder), the first folder's file runs.
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

  const loaded = new Map<string, Promise<TenantFunction>>();
  return async (functionName) => {
    const file = files.get(functionName);
    if (!file) return undefined;
    let handler = loaded.get(functionName);
    if (!handler) {
      handler = import(file).then((module: { handler?: unknown }) => {
        if (typeof module.handler !== 'function') {
          throw new Error(`${file} does not export a handler function`);
        }
        return module.handler as TenantFunction;
      });
      loaded.set(functionName, handler);
    }
    return handler;
  };
}
