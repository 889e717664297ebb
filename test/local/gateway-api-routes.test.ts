import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import {
  type Gateway,
  type GatewayLogEntry,
  MAX_GATEWAY_BODY_BYTES,
} from '../../local/gateway';
import { accepted, type Invocation, startTestGateway } from './gateway-world';

/** A real HTTP API v2 event (Powertools' parser fixture, MIT-0). */
const SAMPLE_EVENT = join(
  __dirname,
  '../../../shared/data/events/powertools-typescript/apigw-http_no-auth.json',
);
const MESSAGES_PATH = '/tenants/demo/conversations/conv-1/messages';

let gateway: Gateway;
let invocations: Invocation[];
let result: () => Promise<APIGatewayProxyResultV2>;
let logs: GatewayLogEntry[];

beforeEach(async () => {
  result = accepted;
  ({ gateway, invocations, logs } = await startTestGateway({
    result: () => result(),
  }));
});

afterEach(async () => {
  await gateway.close();
});

const postMessage = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${gateway.url}${MESSAGES_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

/** Dotted paths of every leaf and object in `value`. */
function shape(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    out.set(path, child === null ? 'null' : typeof child);
    if (key !== 'headers') {
      for (const [p, t] of shape(child, path)) out.set(p, t);
    }
  }
  return out;
}

describe('API routes', () => {
  it('sends a payload format 2.0 event to the route’s function', async () => {
    // Act
    const response = await postMessage('{"text":"hi"}', {
      Authorization: 'Bearer tok',
      'User-Agent': 'jest-agent',
    });

    // Assess
    expect(response.status).toBe(202);
    expect(invocations).toHaveLength(1);
    const [{ functionName, event }] = invocations as [Invocation];
    expect(functionName).toBe('chat-inbound');
    const routeKey =
      'POST /tenants/{tenantId}/conversations/{conversationId}/messages';
    expect(event).toMatchObject({
      version: '2.0',
      routeKey,
      rawPath: MESSAGES_PATH,
      rawQueryString: '',
      pathParameters: { tenantId: 'demo', conversationId: 'conv-1' },
      body: '{"text":"hi"}',
      isBase64Encoded: false,
      requestContext: {
        http: {
          method: 'POST',
          path: MESSAGES_PATH,
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'jest-agent',
        },
        routeKey,
        stage: '$default',
      },
    });
    expect(event.headers).toMatchObject({
      authorization: 'Bearer tok',
      'content-type': 'application/json',
      'user-agent': 'jest-agent',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
    });
    expect(event.requestContext.time).toMatch(
      /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/,
    );
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.cookies).toBeUndefined();
  });

  it('builds events with the fields and types of a real HTTP API event', async () => {
    // Prepare
    const sample = JSON.parse(readFileSync(SAMPLE_EVENT, 'utf8'));
    delete sample.requestContext.authorizer;

    // Act
    await postMessage('{}');

    // Assess
    const ours = shape(invocations[0]?.event);
    const missing = [...shape(sample)].filter(
      ([path, type]) => ours.get(path) !== type,
    );
    expect(missing).toEqual([]);
  });

  it('joins repeated query parameters and moves cookies out of headers', async () => {
    // Act
    await fetch(
      `${gateway.url}/tenants/demo/conversations/conv-1?after=3&x=1&x=2`,
      { headers: { cookie: 'a=1; b=2' } },
    );

    // Assess
    const [{ event }] = invocations as [Invocation];
    expect(event.rawQueryString).toBe('after=3&x=1&x=2');
    expect(event.queryStringParameters).toEqual({ after: '3', x: '1,2' });
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.headers.cookie).toBeUndefined();
    expect(event.body).toBeUndefined();
  });

  it('returns the function’s status, headers and body', async () => {
    // Act
    const response = await postMessage('{}');

    // Assess
    expect(response.status).toBe(202);
    expect(response.headers.get('x-custom')).toBe('yes');
    expect(response.headers.get('apigw-requestid')).toBe(
      invocations[0]?.event.requestContext.requestId,
    );
    expect(await response.json()).toEqual({ accepted: true });
  });

  it('decodes a base64 result body and sends cookies', async () => {
    // Prepare
    result = async () => ({
      statusCode: 200,
      body: Buffer.from('plain bytes').toString('base64'),
      isBase64Encoded: true,
      cookies: ['session=1'],
    });

    // Act
    const response = await postMessage('{}');

    // Assess
    expect(await response.text()).toBe('plain bytes');
    expect(response.headers.get('set-cookie')).toBe('session=1');
  });

  it.each([
    ['GET', '/tenants/demo/unknown'],
    ['GET', MESSAGES_PATH],
    ['DELETE', '/tenants/demo/conversations/conv-1'],
    ['GET', '/tenants/demo/conversations/conv-1/'],
  ])('returns 404 for %s %s without invoking', async (method, path) => {
    // Act
    const response = await fetch(`${gateway.url}${path}`, { method });

    // Assess
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
    expect(invocations).toHaveLength(0);
  });

  it('returns 413 for a body over the limit without invoking', async () => {
    // Act
    const response = await postMessage('x'.repeat(MAX_GATEWAY_BODY_BYTES + 1));

    // Assess
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      message: 'Request Entity Too Large',
    });
    expect(invocations).toHaveLength(0);
  });

  it('returns 500 without details when the function throws', async () => {
    // Prepare
    result = async () => {
      throw new Error('secret internals');
    };

    // Act
    const response = await postMessage('{}');

    // Assess
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      message: 'Internal Server Error',
    });
  });

  it('logs method, path, status and function of each request', async () => {
    // Act
    await postMessage('{}');

    // Assess
    expect(logs).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: MESSAGES_PATH,
        status: 202,
        functionName: 'chat-inbound',
      }),
    ]);
  });
});
