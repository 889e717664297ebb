import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import * as z from 'zod';
import {
  answerEmbedding,
  EmbeddingRequestError,
  isEmbeddingModel,
} from './embedding';
import { guardedConverse } from './guardrail/apply';
import type { LocalGuardrail } from './guardrail/assess';
import { GuardrailRegistry, UnknownGuardrailError } from './guardrail/registry';
import {
  listenHttp1And2,
  type PlainRequest,
  type PlainResponse,
} from './h2c-listener';
import {
  type ConverseRequest,
  ConverseRequestSchema,
  type OfflineRoute,
} from './wire';

/**
 * A local Bedrock Runtime endpoint: `POST /model/{modelId}/converse`
 * answered by the offline model, over h2c and HTTP/1.1. Point the real
 * `BedrockRuntimeClient` at it with `endpoint: url` (or
 * `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`). Errors follow the REST-JSON shape of
 * AWS: the `x-amzn-errortype` header and a `{"message"}` body.
 *
 * A request with a `guardrailConfig` runs under a registered guardrail (see
 * `guardedConverse`); an unknown one is a ValidationException, as on AWS.
 *
 * `POST /model/{modelId}/invoke` (InvokeModel) is served for the text
 * embedding models of `EMBEDDING_MODELS` only, by a deterministic stand-in
 * that is not a semantic model (see `standInEmbedding`).
 *
 * Limitations: ConverseStream, ApplyGuardrail and InvokeModel of other
 * models are not served; they are rejected with a ValidationException
 * naming the path or model.
 */

/** What the endpoint reports; ids, sizes and outcomes only, never text. */
export interface BedrockApiLogEntry {
  readonly event:
    | 'offline_model_answered'
    | 'stand_in_embedding_answered'
    | 'bedrock_request_rejected';
  readonly status: number;
  /** `2.0` for h2c (the SDK's default), `1.1` otherwise. */
  readonly httpVersion: string;
  readonly modelId?: string;
  readonly route?: OfflineRoute;
  /** The guardrail the request named, when it named one. */
  readonly guardrailId?: string;
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
  /** Guardrails requests may name. @default none */
  readonly guardrails?: readonly LocalGuardrail[];
}

export interface BedrockApi {
  /** Base URL for the SDK's `endpoint`, such as `http://127.0.0.1:4321`. */
  readonly url: string;
  /** Makes a guardrail available (again, with new settings) by its id. */
  registerGuardrail(guardrail: LocalGuardrail): void;
  close(): Promise<void>;
}

const MODEL_PATH = /^\/model\/([^/]+)\/(converse|invoke)$/;
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
  const registry = new GuardrailRegistry();
  for (const guardrail of options.guardrails ?? []) {
    registry.register(guardrail);
  }
  const server = await listenHttp1And2(
    (req, res) => {
      void handle(req, res, { logger, registry });
    },
    { port, host },
  );
  return {
    url: server.url,
    registerGuardrail: (guardrail) => registry.register(guardrail),
    close: () => server.close(),
  };
}

async function handle(
  req: PlainRequest,
  res: PlainResponse,
  context: { logger?: BedrockApiLogger; registry: GuardrailRegistry },
): Promise<void> {
  const { logger, registry } = context;
  const started = performance.now();
  let requestBytes = 0;
  let modelId: string | undefined;
  let guardrailId: string | undefined;
  try {
    const target = targetOf(req);
    modelId = target.modelId;
    const body = await readBody(req);
    requestBytes = body.length;
    if (target.operation === 'invoke') {
      return invokeModel(res, target.modelId, body, (entry) =>
        logger?.({
          ...entry,
          httpVersion: req.httpVersion,
          requestBytes,
          latencyMs: Math.round(performance.now() - started),
        }),
      );
    }
    const request = parseRequest(body);
    guardrailId = request.guardrailConfig?.guardrailIdentifier;
    const response = guardedConverse(request, guardrailOf(request, registry));
    const latencyMs = Math.round(performance.now() - started);
    const text = JSON.stringify({ ...response, metrics: { latencyMs } });
    send(res, 200, text, {});
    logger?.({
      event: 'offline_model_answered',
      status: 200,
      httpVersion: req.httpVersion,
      modelId,
      route: response.additionalModelResponseFields.route,
      ...(guardrailId ? { guardrailId } : {}),
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
      ...(guardrailId ? { guardrailId } : {}),
      requestBytes,
      responseChars: text.length,
      latencyMs: Math.round(performance.now() - started),
    });
  }
}

/** The model and operation of a call; unserved paths are rejected. */
function targetOf(req: PlainRequest): {
  modelId: string;
  operation: 'converse' | 'invoke';
} {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const match = MODEL_PATH.exec(path);
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
      'The offline model serves only POST /model/{modelId}/converse ' +
        `and /invoke, not ${req.method} ${path}.`,
    );
  }
  try {
    return {
      modelId: decodeURIComponent(match[1]),
      operation: match[2] as 'converse' | 'invoke',
    };
  } catch {
    throw new ApiError(
      400,
      'ValidationException',
      'The model id is not URL-encoded correctly.',
    );
  }
}

type InvokeLog = (
  entry: Omit<BedrockApiLogEntry, 'httpVersion' | 'requestBytes' | 'latencyMs'>,
) => void;

/** InvokeModel: embedding models only, answered by the stand-in. */
function invokeModel(
  res: PlainResponse,
  modelId: string,
  body: Buffer,
  log: InvokeLog,
): void {
  if (!isEmbeddingModel(modelId)) {
    throw new ApiError(
      400,
      'ValidationException',
      `The offline endpoint serves InvokeModel only for embedding models, not ${modelId}.`,
    );
  }
  let response: Record<string, unknown>;
  try {
    response = answerEmbedding(modelId, parseJson(body));
  } catch (error) {
    if (!(error instanceof EmbeddingRequestError)) throw error;
    throw new ApiError(400, 'ValidationException', error.message);
  }
  const text = JSON.stringify(response);
  send(res, 200, text, {});
  log({
    event: 'stand_in_embedding_answered',
    status: 200,
    modelId,
    responseChars: text.length,
  });
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

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8') || '{}');
  } catch {
    throw new ApiError(
      400,
      'ValidationException',
      'The request body is not valid JSON.',
    );
  }
}

function parseRequest(body: Buffer) {
  const json = parseJson(body);
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

/** The registered guardrail a request names, if it names one. */
function guardrailOf(request: ConverseRequest, registry: GuardrailRegistry) {
  const config = request.guardrailConfig;
  if (!config) return undefined;
  try {
    return registry.resolve(
      config.guardrailIdentifier,
      config.guardrailVersion,
    );
  } catch (error) {
    if (!(error instanceof UnknownGuardrailError)) throw error;
    throw new ApiError(400, 'ValidationException', error.message);
  }
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
