import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { EngineLogger, LocalStepFunctions } from './engine';
import { StepFunctionsApiError } from './engine/errors';

export interface SfnApiOptions {
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Sees unexpected errors. @default none */
  readonly logger?: EngineLogger;
}

export interface SfnApi {
  readonly url: string;
  close(): Promise<void>;
}

type Body = Record<string, unknown>;
type Operation = (engine: LocalStepFunctions, body: Body) => unknown;

const TARGET_PREFIX = 'AWSStepFunctions.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';

/**
 * The operations served, in the AWS JSON 1.0 shapes: camelCase members,
 * dates as epoch seconds.
 */
const OPERATIONS: Readonly<Record<string, Operation>> = {
  StartExecution: async (engine, body) => {
    const started = await engine.startExecution({
      stateMachineArn: String(body.stateMachineArn),
      name: optionalString(body.name),
      input: optionalString(body.input),
    });
    return { ...started, startDate: epochSeconds(started.startDate) };
  },
  SendTaskSuccess: (engine, body) => {
    engine.sendTaskSuccess(String(body.taskToken), String(body.output));
    return {};
  },
  SendTaskFailure: (engine, body) => {
    engine.sendTaskFailure(
      String(body.taskToken),
      optionalString(body.error),
      optionalString(body.cause),
    );
    return {};
  },
  SendTaskHeartbeat: (engine, body) => {
    engine.sendTaskHeartbeat(String(body.taskToken));
    return {};
  },
  DescribeExecution: (engine, body) =>
    withEpochDates(engine.describeExecution(String(body.executionArn))),
  GetExecutionHistory: (engine, body) => {
    const history = engine.getExecutionHistory(String(body.executionArn), {
      reverseOrder: body.reverseOrder === true,
      maxResults: Number(body.maxResults) || 100,
      nextToken: optionalString(body.nextToken),
    });
    return { ...history, events: history.events.map(eventWithEpoch) };
  },
  ListExecutions: (engine, body) => {
    const listing = engine.listExecutions({
      stateMachineArn: String(body.stateMachineArn),
      statusFilter: optionalString(body.statusFilter) as never,
      maxResults: Number(body.maxResults) || 100,
      nextToken: optionalString(body.nextToken),
    });
    return { ...listing, executions: listing.executions.map(withEpochDates) };
  },
  StopExecution: (engine, body) => {
    const stopped = engine.stopExecution(
      String(body.executionArn),
      optionalString(body.error),
      optionalString(body.cause),
    );
    return { stopDate: epochSeconds(stopped.stopDate) };
  },
};

/**
 * Serves the Step Functions API of a local engine on loopback, in the
 * AWS JSON 1.0 protocol the SDK speaks (`POST /` with
 * `X-Amz-Target: AWSStepFunctions.<Operation>`). Errors come back as
 * `{"__type": "<Name>", "message": "…"}` so that `@aws-sdk/client-sfn`
 * raises its modeled exceptions. Requests are not signature-checked.
 *
 * @example
 * const api = await startSfnApi(engine, {});
 * process.env.AWS_ENDPOINT_URL_SFN = api.url;
 */
export async function startSfnApi(
  engine: LocalStepFunctions,
  options: SfnApiOptions = {},
): Promise<SfnApi> {
  const server = createServer((request, response) => {
    void handle(engine, request, response, options.logger);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function handle(
  engine: LocalStepFunctions,
  request: IncomingMessage,
  response: ServerResponse,
  logger?: EngineLogger,
): Promise<void> {
  const text = await readBody(request);
  const target = String(request.headers['x-amz-target'] ?? '');
  const operation = target.startsWith(TARGET_PREFIX)
    ? OPERATIONS[target.slice(TARGET_PREFIX.length)]
    : undefined;
  if (request.method !== 'POST' || !operation) {
    return send(response, 400, apiError('UnknownOperationException', target));
  }
  let body: Body;
  try {
    body = text ? (JSON.parse(text) as Body) : {};
  } catch {
    return send(response, 400, apiError('SerializationException', 'Bad JSON'));
  }
  try {
    send(response, 200, await operation(engine, body));
  } catch (error) {
    if (error instanceof StepFunctionsApiError) {
      return send(response, 400, apiError(error.name, error.message));
    }
    logger?.error('Step Functions API call failed', { target, error });
    send(response, 500, apiError('InternalFailure', 'Internal error'));
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function apiError(type: string, message: string) {
  return { __type: type, message };
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

function withEpochDates<T extends { startDate: Date; stopDate?: Date }>(
  value: T,
) {
  return {
    ...value,
    startDate: epochSeconds(value.startDate),
    stopDate: value.stopDate && epochSeconds(value.stopDate),
  };
}

function eventWithEpoch(event: HistoryEvent) {
  return {
    ...event,
    timestamp: event.timestamp && epochSeconds(event.timestamp),
  };
}
