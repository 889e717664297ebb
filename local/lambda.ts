import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { FUNCTIONS } from '../infra/function-catalogue';
import { inInvocationScope } from './invocation-scope';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** Folders under `functions/` that hold a Lambda handler. */
export const LOCAL_FUNCTIONS = [
  'understand',
  'retrieve',
  'respond',
  'act',
  'approval',
  'deliver',
  'await-customer',
  'handoff',
  'close',
  'chat-inbound',
  'agent-api',
] as const;
export type LocalFunctionName = (typeof LOCAL_FUNCTIONS)[number];

export interface InvocationRecord {
  readonly functionName: string;
  /** `performance.now()` when the handler was called. */
  readonly startedAt: number;
  readonly durationMs: number;
  /** The payload's conversation, when it names one. */
  readonly conversationId?: string;
  readonly errorType?: string;
}

export interface LocalInvoker {
  invoke(functionName: string, payload: unknown): Promise<unknown>;
}

/** An error a handler threw, carried with its Lambda error type as name. */
export class LambdaFunctionError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
    this.name = errorType;
  }
}

export class UnknownFunctionError extends Error {
  override readonly name = 'ResourceNotFoundException';
}

/**
 * Runs the project's Lambda handlers in this process, the way Lambda would:
 * JSON in, JSON out, errors reduced to their type and message. Handler
 * modules load on first use, after the runtime has set the environment they
 * read at import time (endpoints, table names).
 */
export function createLocalInvoker(
  options: { onInvoke?: (record: InvocationRecord) => void } = {},
): LocalInvoker {
  const handlers = new Map<string, Promise<Handler>>();

  const load = (name: string): Promise<Handler> => {
    if (!(LOCAL_FUNCTIONS as readonly string[]).includes(name)) {
      return Promise.reject(
        new UnknownFunctionError(`Function not found: ${name}`),
      );
    }
    let handler = handlers.get(name);
    if (!handler) {
      handler = import(`../functions/${name}/handler`).then(
        (module: { handler: Handler }) => module.handler,
      );
      handlers.set(name, handler);
    }
    return handler;
  };

  return {
    async invoke(functionName, payload) {
      const name = functionName.split(':').at(-1) ?? functionName;
      const handler = await load(name);
      const event = JSON.parse(JSON.stringify(payload ?? null));
      const record = {
        functionName: name,
        startedAt: performance.now(),
        conversationId: conversationOf(event),
      };
      const finish = (errorType?: string) =>
        options.onInvoke?.({
          ...record,
          durationMs: performance.now() - record.startedAt,
          ...(errorType ? { errorType } : {}),
        });
      const timeoutMs = timeoutOf(name);
      const context = lambdaContext(name, timeoutMs);
      try {
        const result = await inInvocationScope(context.awsRequestId, () =>
          withTimeout(handler(event, context), timeoutMs),
        );
        finish();
        return result === undefined ? null : JSON.parse(JSON.stringify(result));
      } catch (error) {
        const errorType = error instanceof Error ? error.name : 'Error';
        const message = error instanceof Error ? error.message : String(error);
        finish(errorType);
        throw new LambdaFunctionError(errorType, message);
      }
    },
  };
}

/** A step payload's or an API event's conversation id. */
function conversationOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const e = event as {
    conversationId?: unknown;
    pathParameters?: { conversationId?: unknown };
  };
  const id = e.conversationId ?? e.pathParameters?.conversationId;
  return typeof id === 'string' ? id : undefined;
}

/** Lambda's error type for an invocation that ran past its timeout. */
export const TIMED_OUT = 'Sandbox.Timedout';

/** The function's configured timeout, as CDK deploys it. */
export function timeoutOf(name: string): number {
  const spec = FUNCTIONS[name as keyof typeof FUNCTIONS];
  return (spec?.timeoutSeconds ?? 90) * 1000;
}

/**
 * Fails the invocation as Lambda does when the handler runs past its
 * timeout. Unlike Lambda, the handler is not frozen: it runs on in this
 * process, but its result is dropped, so the workflow sees what it would see
 * on AWS.
 */
export async function withTimeout<T>(
  work: Promise<T>,
  timeoutMs: number,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          Object.assign(
            new Error(`Task timed out after ${timeoutMs / 1000} seconds`),
            { name: TIMED_OUT },
          ),
        ),
      timeoutMs,
    );
    timer.unref();
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** The context Lambda hands a handler, its deadline `timeoutMs` away. */
export function lambdaContext(
  functionName: string,
  timeoutMs: number,
): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
