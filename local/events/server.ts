import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dirname } from 'node:path';
import { LocalEventBus } from './bus';
import { PutEventsValidationError, putEvents } from './put-events';

/**
 * A local EventBridge endpoint speaking AWS JSON 1.1, enough for
 * `PutEventsCommand` of the real `EventBridgeClient` (`endpoint: url` or
 * `AWS_ENDPOINT_URL_EVENTBRIDGE`). Accepted events go to the in-process
 * `bus` and, when `file` is given, are appended to it as JSON lines.
 *
 * Limitations: rules, targets, archives and every other operation are not
 * served (UnknownOperationException); subscribers of `bus` play the part
 * of rule targets.
 */

export interface EventsApiOptions {
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** JSON-lines file each accepted event is appended to. @default none */
  readonly file?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '000000000000' */
  readonly account?: string;
}

export interface EventsApi {
  readonly url: string;
  readonly bus: LocalEventBus;
  close(): Promise<void>;
}

const PUT_EVENTS = 'AWSEvents.PutEvents';
const MAX_BODY_BYTES = 1024 * 1024;

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

/** Starts the endpoint on loopback. */
export async function startEventsApi(
  options: EventsApiOptions = {},
): Promise<EventsApi> {
  const { port = 0, host = '127.0.0.1', file } = options;
  const bus = new LocalEventBus();
  const env = {
    region: options.region ?? 'us-east-1',
    account: options.account ?? '000000000000',
    now: () => new Date(),
    newId: () => randomUUID(),
  };
  if (file) await mkdir(dirname(file), { recursive: true });

  const server = http.createServer((req, res) => {
    void handle(req, res, async (body) => {
      const outcome = putEvents(body, env);
      if (file && outcome.accepted.length > 0) {
        const lines = outcome.accepted.map(
          (a) => `${JSON.stringify(a.event)}\n`,
        );
        await appendFile(file, lines.join(''));
      }
      for (const { event, eventBusName } of outcome.accepted) {
        bus.publish(event, { eventBusName });
      }
      return outcome.response;
    });
  });
  const sockets = trackSockets(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    bus,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  run: (body: unknown) => Promise<unknown>,
): Promise<void> {
  try {
    const target = req.headers['x-amz-target'];
    if (req.method !== 'POST' || target !== PUT_EVENTS) {
      throw new ApiError(
        400,
        'UnknownOperationException',
        `The local EventBridge endpoint serves only ${PUT_EVENTS}, ` +
          `not ${String(target ?? req.method)}.`,
      );
    }
    send(res, 200, await run(await readJson(req)));
  } catch (error) {
    const failure =
      error instanceof ApiError
        ? error
        : error instanceof PutEventsValidationError
          ? new ApiError(400, 'ValidationException', error.message)
          : new ApiError(
              500,
              'InternalException',
              'The local event bus failed.',
            );
    send(
      res,
      failure.status,
      { __type: failure.errorType, message: failure.message },
      {
        'x-amzn-errortype': failure.errorType,
      },
    );
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new ApiError(
        413,
        'ValidationException',
        'The request body is too large.',
      );
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new ApiError(
      400,
      'SerializationException',
      'The request body is not valid JSON.',
    );
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': String(Buffer.byteLength(text)),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  res.end(text);
}

function trackSockets(server: http.Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return sockets;
}
