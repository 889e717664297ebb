import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export interface RequestOptions {
  /** A string is sent as it is; anything else as JSON. */
  readonly body?: unknown;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  readonly query?: Record<string, string>;
}

/** An API Gateway HTTP API (payload 2.0) event for a handler under test. */
export function httpEvent(
  method: string,
  path: string,
  options: RequestOptions = {},
): APIGatewayProxyEventV2 {
  const { body, token, query } = options;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'jest',
      },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '03/Dec/2026:10:00:00 +0000',
      timeEpoch: 0,
    },
    ...(body === undefined
      ? {}
      : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    isBase64Encoded: false,
  };
}
