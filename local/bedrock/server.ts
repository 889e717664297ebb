import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import * as z from 'zod';
import {
  listenHttp1And2,
  type PlainRequest,
  type PlainResponse,
} from './h2c-listener';
import { offlineConverse } from './offline-model';
import { ConverseRequestSchema, type OfflineRoute } from './wire';

/**
 * A local Bedrock Runtime endpoint: `POST /model/{modelId}/converse`
 * answered by the offline model, over h2c and HTTP/1.1. Point the real
 * `BedrockRuntimeClient` at it with `endpoint: url` (or
 * `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`). Errors follow the REST-JSON shape of
 * AWS: the `x-amzn-errortype` header and a `{"message"}` body.
 *
 * Limitations: ConverseStream, InvokeModel and guardrails are not served;
 * they are rejected with a ValidationException naming the path.
 */

/** What the endpoint reports; ids, sizes and outcomes only, never text. */
export interface BedrockApiLogEntry {
  readonly event: 'offline_model_answered' | 'bedrock_request_rejected';
  readonly status: number;
  /** `2.0` for h2c (the SDK's default), `1.1` otherwise. */
  readonly httpVersion: string;
  readonly modelId?: string;
  readonly route?: OfflineRoute;
  readonly errorType?: string;
  readonly requestBytes: number;
  readonly responseChars: number;
  readonly latencyMs: number;
}

export type BedrockApiLogger = (entry: BedrockApiLogEntry) => void;

export interface BedrockApiOptions {
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Receives one entry per request. @default no logging */
  readonly logger?: BedrockApiLogger;
}

export interface BedrockApi {
  /** Base URL for the SDK's `endpoint`, such as `http://127.0.0.1:4321`. */
  readonly url: string;
  close(): Promise<void>;
}

const CONVERSE_PATH = /^\/model\/([^/]+)\/converse$/;
const MAX_BODY_BYTES = 20 * 1024 * 1024;

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
export async function startBedrockApi(
  options: BedrockApiOptions = {},
): Promise<BedrockApi> {
  const { port = 0, host = '127.0.0.1', logger } = options;
  return listenHttp1And2(
    (req, res) => {
      void handle(req, res, logger);
    },
    { port, host },
  );
}

async function handle(
  req: PlainRequest,
  res: PlainResponse,
  logger: BedrockApiLogger | undefined,
): Promise<void> {
  const started = performance.now();
  let requestBytes = 0;
  let modelId: string | undefined;
  try {
    modelId = modelIdOf(req);
    const body = await readBody(req);
    requestBytes = body.length;
    const response = offlineConverse(parseRequest(body));
    const latencyMs = Math.round(performance.now() - started);
    const text = JSON.stringify({ ...response, metrics: { latencyMs } });
    send(res, 200, text, {});
    logger?.({
      event: 'offline_model_answered',
      status: 200,
      httpVersion: req.httpVersion,
      modelId,
      route: response.additionalModelResponseFields.route,
      requestBytes,
      responseChars: text.length,
      latencyMs,
    });
  } catch (error) {
    const failure =
      error instanceof ApiError
        ? error
        : new ApiError(
            500,
            'InternalServerException',
            'The offline model failed.',
          );
    const text = JSON.stringify({ message: failure.message });
    send(res, failure.status, text, { 'x-amzn-errortype': failure.errorType });
    logger?.({
      event: 'bedrock_request_rejected',
      status: failure.status,
      httpVersion: req.httpVersion,
      errorType: failure.errorType,
      ...(modelId ? { modelId } : {}),
      requestBytes,
      responseChars: text.length,
      latencyMs: Math.round(performance.now() - started),
    });
  }
}

/** The model id of a Converse call; anything else is rejected. */
function modelIdOf(req: PlainRequest): string {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const match = CONVERSE_PATH.exec(path);
  if (path.endsWith('/converse-stream')) {
    throw new ApiError(
      400,
      'ValidationException',
      'The offline model does not stream: ' +
        'call Converse instead of ConverseStream.',
    );
  }
  if (req.method !== 'POST' || !match?.[1]) {
    throw new ApiError(
      400,
      'ValidationException',
      'The offline model serves only POST /model/{modelId}/converse, ' +
        `not ${req.method} ${path}.`,
    );
  }
  try {
    return decodeURIComponent(match[1]);
  } catch {
    throw new ApiError(
      400,
      'ValidationException',
      'The model id is not URL-encoded correctly.',
    );
  }
}

async function readBody(req: PlainRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new ApiError(
        400,
        'ValidationException',
        'The request body is too large.',
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function parseRequest(body: Buffer) {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    throw new ApiError(
      400,
      'ValidationException',
      'The request body is not valid JSON.',
    );
  }
  const parsed = ConverseRequestSchema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(
      400,
      'ValidationException',
      'The request does not match the Converse API: ' +
        z.prettifyError(parsed.error),
    );
  }
  return parsed.data;
}

function send(
  res: PlainResponse,
  status: number,
  body: string,
  headers: Record<string, string>,
): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  res.end(body);
}
