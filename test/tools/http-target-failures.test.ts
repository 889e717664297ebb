import { ToolError } from '../../functions/shared/store/errors';
import {
  call,
  reply,
  serve,
  setUp,
  sleeps,
  type TestServer,
  tearDown,
  tool,
} from './http-target-world';

let server: TestServer | undefined;
beforeEach(setUp);
afterEach(tearDown);

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
      server = await serve(reply(503, { message: 'down' }));

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
    server = await serve(reply(500));

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
      server = await serve((req, res) => {
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
    server = await serve(() => undefined);

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
    server = await serve(reply(200));
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
      server = await serve(reply(status, body));

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
    server = await serve(reply(400, { message: 'x'.repeat(5000) }));

    // Act
    const error = await call(tool('/v1/x')).catch((e: Error) => e);

    // Assess
    const said = (error as Error).message.split(': ')[1];
    expect(said).toHaveLength(200);
  });

  it('refuses an answer above 64 KB', async () => {
    // Prepare
    server = await serve(reply(200, { data: 'x'.repeat(70_000) }));

    // Act & Assess
    await expect(call(tool('/v1/x'))).rejects.toThrow(
      'track_parcel answered with more than 64 KB',
    );
  });

  it('refuses an answer that is not JSON', async () => {
    // Prepare
    server = await serve(reply(200, '<html>hi</html>'));

    // Act & Assess
    await expect(call(tool('/v1/x'))).rejects.toThrow(
      'track_parcel answered with something other than JSON',
    );
  });
});
