import type { LambdaClient } from '@aws-sdk/client-lambda';
import { InvariantError } from '../errors';
import type { ToolDeclaration } from '../tool-catalogue';
import {
  callHttpTool,
  HTTP_DEFAULTS,
  type HttpDependencies,
  MAX_CALL_MS,
} from './http';
import { callLambdaTool } from './lambda';
import type { ExternalToolContext } from './types';

export type { ExternalToolContext } from './types';

/** Clients of the targets; tests hand in their own. @default the real ones */
export interface ExternalToolDependencies {
  readonly http?: HttpDependencies;
  readonly lambda?: LambdaClient;
}

/**
 * Longest one call of a tenant tool may take, all attempts included: the
 * HTTP target stops retrying within `MAX_CALL_MS`, the Lambda target waits
 * one `timeoutMs`. Store and assistant tools answer in milliseconds.
 */
export function worstCaseMs(declaration: ToolDeclaration): number {
  const { target } = declaration;
  switch (target.type) {
    case 'http':
      return MAX_CALL_MS;
    case 'lambda':
      return target.timeoutMs;
    default:
      return 0;
  }
}

/** Whether a tenant's backend runs the tool (not the store or assistant). */
export function isExternalTool(declaration: ToolDeclaration): boolean {
  const { type } = declaration.target;
  return type === 'http' || type === 'lambda';
}

/**
 * Runs a tenant tool on its backend with input its declaration validated,
 * and returns the backend's JSON answer. Throws `ToolError` for a call
 * that failed (the model gets the message as the call's result) and
 * `TransientError` for trouble a retry of the step may clear.
 */
export function runExternalTool(
  declaration: ToolDeclaration,
  input: Record<string, unknown>,
  context: ExternalToolContext,
  deps: ExternalToolDependencies = {},
): Promise<unknown> {
  const { target } = declaration;
  switch (target.type) {
    case 'http':
      return callHttpTool(
        { ...declaration, target },
        input,
        context,
        deps.http ?? HTTP_DEFAULTS,
      );
    case 'lambda':
      return callLambdaTool(
        { ...declaration, target },
        input,
        context,
        deps.lambda,
      );
    default:
      throw new InvariantError(
        `Tool ${declaration.name} runs on the ${target.type} target, not a ` +
          "tenant's backend",
      );
  }
}
