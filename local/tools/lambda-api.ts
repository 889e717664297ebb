import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { lambdaContext, withTimeout } from '../lambda';
import {
  type LoopbackServer,
  listenOnLoopback,
  readBody,
  StandInError,
  sendJson,
} from './loopback';
import type { FunctionResolver, LocalTenantFunction } from './tenant-functions';

/**
 * A local Lambda endpoint speaking the Invoke REST API
 * (`POST /2015-03-31/functions/{FunctionName}/invocations`), enough for
 * `InvokeCommand` of the real `LambdaClient` (through
 * `AWS_ENDPOINT_URL_LAMBDA`). It runs tenant tool functions in this
 * process: a function name, a full or partial ARN, with or without a
 * qualifier, all name the same function.
 *
 * Like Lambda, an error the handler throws is a 200 answer with
 * `X-Amz-Function-Error: Unhandled` and `{ errorType, errorMessage }`;
 * `Event` invocations answer 202 and run on; `DryRun` answers 204.
 *
 * A handler that runs past its function's timeout fails as on Lambda,
 * with `Sandbox.Timedout`; unlike Lambda, it is not stopped, but whatever
 * it returns later is dropped.
 */

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export interface LambdaApiOptions {
  readonly functions: FunctionResolver;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '000000000000' */
  readonly account?: string;
}

export async function startLambdaApi(
  options: LambdaApiOptions,
): Promise<LoopbackServer> {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '000000000000';
  return listenOnLoopback(async (req, res) => {
    try {
      await invoke(req, res, options.functions, { region, account });
    } catch (error) {
      const failure =
        error instanceof StandInError
          ? error
          : new StandInError(500, 'ServiceException', 'Local failure');
      sendJson(
        res,
        failure.status,
        { Type: 'User', message: failure.message },
        {
          'x-amzn-errortype': failure.errorType,
          'x-amzn-requestid': randomUUID(),
        },
      );
    }
  });
}

async function invoke(
  req: IncomingMessage,
  res: ServerResponse,
  functions: FunctionResolver,
  where: { region: string; account: string },
): Promise<void> {
  const match = INVOKE_PATH.exec(new URL(req.url ?? '/', 'http://x').pathname);
  if (req.method !== 'POST' || !match) {
    throw new StandInError(404, 'UnknownOperationException', 'Not found');
  }
  const name = functionNameOf(decodeURIComponent(match[1]));
  const local = await functions(name);
  if (!local) {
    const arn = `arn:aws:lambda:${where.region}:${where.account}:function:${name}`;
    throw new StandInError(
      404,
      'ResourceNotFoundException',
      `Function not found: ${arn}`,
    );
  }
  const event = parsePayload(await readBody(req));
  const type = req.headers['x-amz-invocation-type'] ?? 'RequestResponse';
  const headers = {
    'x-amzn-requestid': randomUUID(),
    'x-amz-executed-version': '$LATEST',
  };
  if (type === 'DryRun') {
    res.writeHead(204, headers).end();
    return;
  }
  const run = runHandler(local, event, name);
  if (type === 'Event') {
    res.writeHead(202, headers).end();
    await run;
    return;
  }
  const outcome = await run;
  sendJson(res, 200, outcome.body, {
    ...headers,
    ...(outcome.failed ? { 'x-amz-function-error': 'Unhandled' } : {}),
  });
}

/** `name`, `name:alias`, `123456789012:function:name`, or a full ARN. */
export function functionNameOf(value: string): string {
  const parts = value.split(':');
  const at = parts.indexOf('function');
  return at >= 0 ? (parts[at + 1] ?? '') : (parts[0] ?? '');
}

function parsePayload(text: string): unknown {
  try {
    return text === '' ? {} : JSON.parse(text);
  } catch {
    throw new StandInError(
      400,
      'InvalidRequestContentException',
      'Could not parse request body into json',
    );
  }
}

/** Lambda's timeout when a function sets none. */
const DEFAULT_TIMEOUT_SECONDS = 3;

async function runHandler(
  local: LocalTenantFunction,
  event: unknown,
  functionName: string,
): Promise<{ body: unknown; failed: boolean }> {
  const timeoutMs = (local.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const context = lambdaContext(functionName, timeoutMs);
  try {
    const result = await withTimeout(
      Promise.resolve(local.handler(event, context)),
      timeoutMs,
    );
    return { body: result === undefined ? null : result, failed: false };
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    return {
      failed: true,
      body: {
        errorType: failure.name,
        errorMessage: failure.message,
        trace: (failure.stack ?? '').split('\n').slice(1),
      },
    };
  }
}
