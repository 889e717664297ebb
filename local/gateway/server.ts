import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
} from 'aws-lambda';
import {
  findRoute,
  HTTP_ROUTES,
  type HttpRoute,
} from '../../functions/shared/routes';
import { toHttpApiEvent } from './event';
import { fromFunctionResult, type Reply, replyJson } from './reply';
import { findStaticFile, STATIC_HEADERS } from './static-files';

/**
 * Largest request body the gateway passes on. API Gateway's HTTP API allows
 * 10 MB; the functions refuse anything over 32 KB themselves, so 1 MiB here
 * keeps a stray upload from filling memory while still reaching them.
 */
export const MAX_GATEWAY_BODY_BYTES = 1024 * 1024;

export interface GatewayLogEntry {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
  /** The function the request went to, if it matched a route. */
  readonly functionName?: string;
}

export interface GatewayOptions {
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Runs a function with an HTTP API event, as Lambda would. */
  readonly invoke: (
    functionName: string,
    event: APIGatewayProxyEventV2,
  ) => Promise<APIGatewayProxyResultV2 | unknown>;
  /** @default HTTP_ROUTES, the routes the HTTP API has on AWS */
  readonly routes?: readonly HttpRoute[];
  /** Folder of the web chat page. @default none: no pages are served */
  readonly staticDir?: string;
  /** Whether the runtime behind the gateway is ready; `GET /health`. */
  readonly health: () => boolean | Promise<boolean>;
  readonly onLog?: (entry: GatewayLogEntry) => void;
  /** Account id in `requestContext`. @default '000000000000' */
  readonly accountId?: string;
}

export interface Gateway {
  /** Base URL, such as `http://127.0.0.1:8787`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts the local stand-in for the API Gateway HTTP API: requests on the
 * API's routes reach the functions as payload format 2.0 events, and their
 * results become the HTTP responses. Also serves `GET /health` and the web
 * chat page.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { port = 0, host = '127.0.0.1' } = options;
  const server = createServer((req, res) => {
    void serve(req, res, options, localPort(server));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });

  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${localPort(server)}`,
    close: () => closeServer(server),
  };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  options: GatewayOptions,
  port: number,
): Promise<void> {
  const started = performance.now();
  const method = req.method ?? 'GET';
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  let reply: Reply;
  try {
    reply = await route(req, method, path, options, port);
  } catch {
    reply = replyJson(500, { message: 'Internal Server Error' });
  }

  res.writeHead(reply.status, reply.headers);
  res.end(reply.body);
  options.onLog?.({
    method,
    path,
    status: reply.status,
    durationMs: Math.round(performance.now() - started),
    ...(reply.functionName ? { functionName: reply.functionName } : {}),
  });
}

async function route(
  req: IncomingMessage,
  method: string,
  path: string,
  options: GatewayOptions,
  port: number,
): Promise<Reply> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_GATEWAY_BODY_BYTES) {
    return tooLarge(req);
  }
  if (method === 'GET' && path === '/health') return health(options);
  const page = await staticPage(method, path, options.staticDir);
  if (page) return page;

  const { match } = findRoute(options.routes ?? HTTP_ROUTES, method, path);
  if (!match) {
    req.resume();
    return replyJson(404, { message: 'Not Found' });
  }
  const body = await readBody(req, MAX_GATEWAY_BODY_BYTES);
  if (!body) return tooLarge(req);

  const event = toHttpApiEvent({
    req,
    match,
    body,
    localPort: port,
    now: new Date(),
    accountId: options.accountId ?? '000000000000',
  });
  const { functionName } = match.route;
  let result: unknown;
  try {
    result = await options.invoke(functionName, event);
  } catch {
    return {
      ...replyJson(500, { message: 'Internal Server Error' }),
      functionName,
    };
  }
  const reply = fromFunctionResult(result);
  reply.headers['apigw-requestid'] = event.requestContext.requestId;
  return { ...reply, functionName };
}

async function health(options: GatewayOptions): Promise<Reply> {
  const ok = await Promise.resolve()
    .then(() => options.health())
    .catch(() => false);
  return ok
    ? replyJson(200, { status: 'ok' })
    : replyJson(503, { status: 'unavailable' });
}

async function staticPage(
  method: string,
  path: string,
  dir: string | undefined,
): Promise<Reply | undefined> {
  if (method !== 'GET' || !dir) return undefined;
  const file = await findStaticFile(dir, path);
  if (!file) return undefined;
  return {
    status: 200,
    headers: { ...STATIC_HEADERS, 'content-type': file.contentType },
    body: file.body,
  };
}

/** The body, or `undefined` as soon as it passes `max` (the rest drains). */
function readBody(
  req: IncomingMessage,
  max: number,
): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) resolve(undefined);
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tooLarge(req: IncomingMessage): Reply {
  req.resume();
  const reply = replyJson(413, { message: 'Request Entity Too Large' });
  reply.headers.connection = 'close';
  return reply;
}

function localPort(server: Server): number {
  return (server.address() as AddressInfo | null)?.port ?? 0;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
