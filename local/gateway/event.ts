import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RouteMatch } from '../../functions/shared/routes';

/** What the gateway knows about a request when it builds the event. */
export interface RequestFacts {
  readonly req: IncomingMessage;
  readonly match: RouteMatch;
  /** The raw request body; empty when there was none. */
  readonly body: Buffer;
  readonly localPort: number;
  readonly now: Date;
  readonly accountId: string;
}

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/**
 * The HTTP API payload format 2.0 event API Gateway would send for this
 * request: lower-case headers with repeats joined by commas, cookies moved to
 * `cookies`, repeated query parameters joined by commas, and bodies of
 * non-text content types base64-encoded. Fields API Gateway omits when empty
 * (`cookies`, `queryStringParameters`, `pathParameters`, `body`) are omitted.
 */
export function toHttpApiEvent(facts: RequestFacts): APIGatewayProxyEventV2 {
  const { req, match, body, now } = facts;
  const [rawPath = '/', rawQueryString = ''] = splitUrl(req.url ?? '/');
  const sourceIp = clientIp(req);
  const { headers, cookies } = eventHeaders(req, sourceIp, facts.localPort);
  const routeKey = `${match.route.method} ${match.route.path}`;
  const domainName = headers.host ?? `127.0.0.1:${facts.localPort}`;
  const queryStringParameters = queryParameters(rawQueryString);
  const binary = body.length > 0 && !isTextual(headers['content-type']);

  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: facts.accountId,
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: match.route.method,
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomBytes(11).toString('base64'),
      routeKey,
      stage: '$default',
      time: accessLogTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0
      ? { body: body.toString(binary ? 'base64' : 'utf8') }
      : {}),
    ...(Object.keys(match.pathParameters).length > 0
      ? { pathParameters: { ...match.pathParameters } }
      : {}),
    isBase64Encoded: binary,
  };
}

function splitUrl(url: string): [string, string] {
  const at = url.indexOf('?');
  return at === -1 ? [url, ''] : [url.slice(0, at), url.slice(at + 1)];
}

function clientIp(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function eventHeaders(req: IncomingMessage, sourceIp: string, port: number) {
  const headers: Record<string, string> = {};
  let cookies: string[] = [];
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (!values) continue;
    if (name === 'cookie') {
      cookies = values.flatMap((v) => v.split(/;\s*/)).filter(Boolean);
      continue;
    }
    headers[name] = values.join(',');
  }
  const forwarded = headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwarded
    ? `${forwarded}, ${sourceIp}`
    : sourceIp;
  headers['x-forwarded-port'] = String(port);
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] = traceId();
  return { headers, cookies };
}

function queryParameters(raw: string): Record<string, string> | undefined {
  if (raw === '') return undefined;
  const grouped = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(raw)) {
    grouped.set(name, [...(grouped.get(name) ?? []), value]);
  }
  if (grouped.size === 0) return undefined;
  return Object.fromEntries([...grouped].map(([k, v]) => [k, v.join(',')]));
}

function isTextual(contentType: string | undefined): boolean {
  if (!contentType) return true;
  return /^text\/|json|xml|javascript|x-www-form-urlencoded/i.test(contentType);
}

/** `17/Jun/2024:15:52:39 +0000`, the format of `requestContext.time`. */
function accessLogTime(now: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const date = `${two(now.getUTCDate())}/${MONTHS[now.getUTCMonth()]}/${now.getUTCFullYear()}`;
  const time = [now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds()]
    .map(two)
    .join(':');
  return `${date}:${time} +0000`;
}

function traceId(): string {
  const epoch = Math.floor(Date.now() / 1000).toString(16);
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')}`;
}
