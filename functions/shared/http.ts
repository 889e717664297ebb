import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { FrontlineError, UnauthorizedError, ValidationError } from './errors';
import { publishMetrics } from './metrics-middleware';
import { logger, tracer } from './observability';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** Largest request body accepted, before any parsing. */
export const MAX_BODY_BYTES = 32 * 1024;

export function json(statusCode: number, body: unknown): HttpResult {
  return {
    statusCode,
    headers: {
      'content-type': 'application/json',
      'cache-control': 'no-store',
    },
    body: JSON.stringify(body),
  };
}

/** Parses a JSON request body, refusing oversized or malformed ones. */
export function jsonBody(event: HttpEvent): unknown {
  const raw = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) {
    throw new ValidationError(
      `Request body is larger than ${MAX_BODY_BYTES} bytes`,
    );
  }
  if (raw.trim() === '') throw new ValidationError('Request body is empty');
  try {
    return JSON.parse(raw);
  } catch {
    throw new ValidationError('Request body is not valid JSON');
  }
}

/** The request's `Authorization` header, if it sent one. */
export const authorizationHeader = (event: HttpEvent): string | undefined =>
  event.headers?.authorization ?? event.headers?.Authorization;

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(event: HttpEvent): string {
  const match = authorizationHeader(event)?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) {
    throw new UnauthorizedError('Missing Authorization: Bearer token');
  }
  return match[1];
}

/** Maps an error to a response; unknown errors never leak their details. */
export function errorResponse(error: unknown): HttpResult {
  if (error instanceof FrontlineError && error.expose) {
    const issues = error instanceof ValidationError ? error.issues : undefined;
    return json(error.status, {
      error: error.name,
      message: error.message,
      issues,
    });
  }
  logger.error('Request failed', error as Error);
  const status = error instanceof FrontlineError ? error.status : 500;
  return json(status, {
    error: 'InternalError',
    message: 'Something went wrong on our side; please retry',
  });
}

/**
 * Wraps an HTTP API route function with logging, tracing and error mapping.
 * Responses stay out of traces: they carry customer messages and transcripts.
 */
export function httpHandler(run: (event: HttpEvent) => Promise<HttpResult>) {
  return middy(async (event: HttpEvent): Promise<HttpResult> => {
    try {
      return await run(event);
    } catch (error) {
      return errorResponse(error);
    }
  })
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(publishMetrics());
}
