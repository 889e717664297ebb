import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

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
      try {
        const result = await handler(event, lambdaContext(name));
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

// TODO(local): function timeouts are not enforced here (only reported by
// getRemainingTimeInMillis); a handler that hangs would hold its task until
// the state's TimeoutSeconds. Racing the call against the configured timeout
// would close it.
const LOCAL_TIMEOUT_MS = 90_000;

function lambdaContext(functionName: string): Context {
  const deadline = Date.now() + LOCAL_TIMEOUT_MS;
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
