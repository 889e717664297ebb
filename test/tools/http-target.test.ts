import { ToolError } from '../../functions/shared/store/errors';
import { RefusedDestinationError } from '../../functions/shared/tool-targets/destination';
import {
  callHttpTool,
  HTTP_DEFAULTS,
  type HttpDependencies,
  type HttpTool,
} from '../../functions/shared/tool-targets/http';
import { SECRET_ARN, withLoopback } from './fixtures';
import { reply, startServer, type TestServer } from './loopback-server';

const CONTEXT = {
  tenantId: 'acme',
  conversationId: 'conv-1',
  idempotencyKey: 'acme:conv-1:tooluse-1',
};

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A tool calling `path` on the test server. */
function tool(
  path: string,
  target: Partial<HttpTool['target']> = {},
  risk: HttpTool['risk'] = 'read',
): HttpTool {
  return {
    name: 'track_parcel',
    risk,
    target: {
      type: 'http',
      url: `${server?.origin ?? 'http://127.0.0.1:9'}${path}`,
      method: 'GET',
      timeoutMs: 2000,
      retries: 2,
      allowedHosts: ['127.0.0.1'],
      ...target,
    },
  };
}

const sleeps: number[] = [];
const deps = (overrides: Partial<HttpDependencies> = {}): HttpDependencies => ({
  ...HTTP_DEFAULTS,
  secret: async () => 's3cret-token',
  sleep: async (ms) => {
    sleeps.push(ms);
  },
  random: () => 0.5,
  ...overrides,
});
beforeEach(() => {
  sleeps.length = 0;
});

/** Calls the tool in the local runtime's setting (loopback allowed). */
const call = (
  t: HttpTool,
  input: Record<string, unknown> = { tracking_number: '780391627633' },
  d = deps(),
) => withLoopback(true, () => callHttpTool(t, input, CONTEXT, d));

describe('the HTTP target', () => {
  it('sends a GET input as the query string and returns the JSON', async () => {
    // Prepare
    server = await startServer(reply(200, { status: 'in_transit' }));

    // Act
    const result = await call(tool('/v1/track?units=metric'), {
      tracking_number: '780391627633',
      items: ['a', 'b'],
      detailed: true,
    });

    // Assess
    expect(result).toEqual({ status: 'in_transit' });
    const [request] = server.requests;
    expect(request.method).toBe('GET');
    expect(request.url).toBe(
      '/v1/track?units=metric&tracking_number=780391627633&items=a&items=b' +
        '&detailed=true',
    );
    expect(request.headers.accept).toBe('application/json');
    expect(request.body).toBe('');
  });

  it('sends other methods the input as a JSON body', async () => {
    // Prepare
    server = await startServer(reply(200, { ok: true }));

    // Act
    await call(tool('/v1/quotes', { method: 'POST' }), { zip: '97214' });

    // Assess
    const [request] = server.requests;
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({ zip: '97214' });
    expect(request.headers['idempotency-key']).toBeUndefined();
  });

  it.each(['write', 'approval_required'] as const)(
    'sends the idempotency key for a %s tool',
    async (risk) => {
      // Prepare
      server = await startServer(reply(200, {}));

      // Act
      await call(tool('/v1/cancel', { method: 'POST' }, risk));

      // Assess
      expect(server.requests[0].headers['idempotency-key']).toBe(
        CONTEXT.idempotencyKey,
      );
    },
  );

  it.each([
    [undefined, 'authorization', 'Bearer s3cret-token'],
    [{ header: 'X-Api-Key' }, 'x-api-key', 's3cret-token'],
    [
      { header: 'Authorization', scheme: 'Token' },
      'authorization',
      'Token s3cret-token',
    ],
  ])('puts the secret in the auth header %j', async (auth, header, value) => {
    // Prepare
    server = await startServer(reply(200, {}));
    const secret = jest.fn(async () => 's3cret-token');

    // Act
    await call(
      tool('/v1/track', { secretArn: SECRET_ARN, auth }),
      {},
      deps({ secret }),
    );

    // Assess
    expect(secret).toHaveBeenCalledWith(SECRET_ARN, 'track_parcel');
    expect(server.requests[0].headers[header]).toBe(value);
  });

  it('returns null for an empty answer', async () => {
    // Prepare
    server = await startServer((_, res) => res.writeHead(204).end());

    // Act & Assess
    await expect(call(tool('/v1/track'))).resolves.toBeNull();
  });
});

describe('the HTTP target refuses', () => {
  const refused = (
    t: HttpTool,
    loopback: boolean,
    lookup: HttpDependencies['lookup'] = HTTP_DEFAULTS.lookup,
  ) => {
    const fetch = jest.fn(HTTP_DEFAULTS.fetch);
    const result = withLoopback(loopback, () =>
      callHttpTool(t, {}, CONTEXT, deps({ fetch, lookup })),
    );
    return { result, fetch };
  };

  it.each([
    [
      'a host off the allowlist',
      { url: 'https://api.partner.test/x', allowedHosts: ['other.test'] },
      () => Promise.resolve(['93.184.216.34']),
    ],
    [
      'a private IP literal',
      { url: 'https://10.0.0.8/x', allowedHosts: ['10.0.0.8'] },
      () => Promise.resolve([]),
    ],
    [
      'the metadata address',
      {
        url: 'https://169.254.169.254/latest/meta-data',
        allowedHosts: ['169.254.169.254'],
      },
      () => Promise.resolve([]),
    ],
    [
      'a name resolving to a private address',
      { url: 'https://api.partner.test/x', allowedHosts: ['api.partner.test'] },
      () => Promise.resolve(['93.184.216.34', '192.168.0.10']),
    ],
    [
      'a name resolving to the IPv6 metadata address',
      { url: 'https://api.partner.test/x', allowedHosts: ['api.partner.test'] },
      () => Promise.resolve(['fd00:ec2::254']),
    ],
    [
      'a name resolving to 127.0.0.1 outside the local runtime',
      { url: 'https://api.partner.test/x', allowedHosts: ['api.partner.test'] },
      () => Promise.resolve(['127.0.0.1']),
    ],
    [
      'plain http to a public host',
      { url: 'http://api.partner.test/x', allowedHosts: ['api.partner.test'] },
      () => Promise.resolve(['93.184.216.34']),
    ],
  ])('%s without connecting', async (_, target, lookup) => {
    // Prepare
    const { result, fetch } = refused(tool('', target), false, lookup);

    // Act & Assess
    await expect(result).rejects.toThrow(RefusedDestinationError);
    await expect(result).rejects.toThrow(
      'track_parcel is not available: its backend address is not allowed',
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it('localhost when loopback is not allowed, after resolving it', async () => {
    // Prepare
    server = await startServer(reply(200, {}));
    const port = new URL(server.origin).port;
    const t = tool('', {
      url: `http://localhost:${port}/x`,
      allowedHosts: ['localhost'],
    });

    // Act
    const { result } = refused(t, false);

    // Assess
    await expect(result).rejects.toThrow(RefusedDestinationError);
    expect(server.requests).toHaveLength(0);
  });

  it('to follow a redirect', async () => {
    // Prepare
    server = await startServer(
      reply(302, '', { location: 'http://169.254.169.254/latest' }),
    );

    // Act
    const result = call(tool('/v1/track'));

    // Assess
    await expect(result).rejects.toThrow(
      'track_parcel failed: its backend answered with a redirect (302)',
    );
    expect(server.requests).toHaveLength(1);
  });
});

describe('the HTTP target on failure', () => {
  it.each([
    ['GET', 'read', 3],
    ['PUT', 'read', 3],
    ['DELETE', 'read', 3],
    ['POST', 'read', 1],
    ['PATCH', 'read', 1],
    ['POST', 'write', 3],
  ] as const)(
    'tries a %s %s call %i times against a 503',
    async (method, risk, times) => {
      // Prepare
      server = await startServer(reply(503, { message: 'down' }));

      // Act
      const result = call(tool('/v1/x', { method }, risk));

      // Assess
      await expect(result).rejects.toThrow(
        'track_parcel is unavailable right now (the backend answered 503); ' +
          'the customer can try again later',
      );
      expect(server.requests).toHaveLength(times);
    },
  );

  it('waits a jittered, growing backoff between attempts', async () => {
    // Prepare
    server = await startServer(reply(500));

    // Act
    await call(tool('/v1/x', { retries: 3 })).catch(() => undefined);

    // Assess
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it.each([408, 429])(
    'retries a %i and returns the later answer',
    async (status) => {
      // Prepare
      let calls = 0;
      server = await startServer((req, res) => {
        calls += 1;
        reply(calls === 1 ? status : 200, { attempt: calls })(req, res);
      });

      // Act
      const result = await call(tool('/v1/x'));

      // Assess
      expect(result).toEqual({ attempt: 2 });
    },
  );

  it('gives up on a backend that does not answer in time', async () => {
    // Prepare
    server = await startServer(() => undefined);

    // Act
    const started = performance.now();
    const result = call(tool('/v1/x', { timeoutMs: 150, retries: 1 }));

    // Assess
    await expect(result).rejects.toThrow(
      'track_parcel is unavailable right now (no answer within 150 ms)',
    );
    expect(server.requests).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('says the backend could not be reached when nothing listens', async () => {
    // Prepare
    server = await startServer(reply(200));
    const t = tool('/v1/x', { retries: 0 });
    await server.close();

    // Act & Assess
    await expect(call(t)).rejects.toThrow(
      'track_parcel is unavailable right now (the backend could not be reached)',
    );
  });

  it.each([
    [404, { message: 'No such parcel' }, '(status 404): No such parcel'],
    [400, { error: { message: 'bad\nzip' } }, '(status 400): bad zip'],
    [403, 'Forbidden', '(status 403): Forbidden'],
    [422, '', '(status 422)'],
  ])(
    'reports a %i with its short message, once',
    async (status, body, said) => {
      // Prepare
      server = await startServer(reply(status, body));

      // Act
      const result = call(tool('/v1/x'));

      // Assess
      await expect(result).rejects.toThrow(ToolError);
      await expect(result).rejects.toThrow(
        `track_parcel was refused by its backend ${said}`,
      );
      expect(server.requests).toHaveLength(1);
    },
  );

  it('cuts a long error message to 200 characters', async () => {
    // Prepare
    server = await startServer(reply(400, { message: 'x'.repeat(5000) }));

    // Act
    const error = await call(tool('/v1/x')).catch((e: Error) => e);

    // Assess
    const said = (error as Error).message.split(': ')[1];
    expect(said).toHaveLength(200);
  });

  it('refuses an answer above 64 KB', async () => {
    // Prepare
    server = await startServer(reply(200, { data: 'x'.repeat(70_000) }));

    // Act & Assess
    await expect(call(tool('/v1/x'))).rejects.toThrow(
      'track_parcel answered with more than 64 KB',
    );
  });

  it('refuses an answer that is not JSON', async () => {
    // Prepare
    server = await startServer(reply(200, '<html>hi</html>'));

    // Act & Assess
    await expect(call(tool('/v1/x'))).rejects.toThrow(
      'track_parcel answered with something other than JSON',
    );
  });
});
