import { SECRET_ARN } from './fixtures';
import {
  CONTEXT,
  call,
  deps,
  reply,
  serve,
  setUp,
  type TestServer,
  tearDown,
  tool,
} from './http-target-world';

let server: TestServer | undefined;
beforeEach(setUp);
afterEach(tearDown);

describe('the HTTP target', () => {
  it('sends a GET input as the query string and returns the JSON', async () => {
    // Prepare
    server = await serve(reply(200, { status: 'in_transit' }));

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
    server = await serve(reply(200, { ok: true }));

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
      server = await serve(reply(200, {}));

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
    server = await serve(reply(200, {}));
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
    server = await serve((_, res) => res.writeHead(204).end());

    // Act & Assess
    await expect(call(tool('/v1/track'))).resolves.toBeNull();
  });
});
