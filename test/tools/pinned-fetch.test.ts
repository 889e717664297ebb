import { pinnedFetch } from '../../functions/shared/tool-targets/pinned-fetch';
import { reply, startServer, type TestServer } from './loopback-server';

let server: TestServer;
beforeEach(async () => {
  server = await startServer(reply(200, { ok: true }, { 'x-trace': 'a' }));
});
afterEach(() => server.close());

/** The server's URL under a host name that resolves nowhere. */
const unresolvable = (path: string) => {
  const url = new URL(`${server.origin}${path}`);
  url.hostname = 'backend.rebind.invalid';
  return url;
};

describe('pinnedFetch', () => {
  it('connects to the checked address, never resolving the host name again', async () => {
    // Act
    const response = await pinnedFetch(
      unresolvable('/v1/track?n=1'),
      { method: 'GET', headers: { accept: 'application/json' } },
      '127.0.0.1',
    );

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('x-trace')).toBe('a');
    expect(await response.json()).toEqual({ ok: true });
    expect(server.requests[0]).toMatchObject({
      method: 'GET',
      url: '/v1/track?n=1',
      headers: { host: expect.stringMatching(/^backend\.rebind\.invalid:/) },
    });
  });

  it.each(['POST', 'DELETE'])(
    'sends a %s body with its length',
    async (method) => {
      // Act
      await pinnedFetch(
        unresolvable('/v1/x'),
        {
          method,
          headers: { 'content-type': 'application/json' },
          body: '{"a":"é"}',
        },
        '127.0.0.1',
      );

      // Assess
      expect(server.requests[0]).toMatchObject({
        method,
        body: '{"a":"é"}',
        headers: { 'content-length': '10' },
      });
    },
  );

  it('gives up when the signal aborts', async () => {
    // Prepare
    await server.close();
    server = await startServer(() => {
      // Never answers.
    });

    // Act
    const attempt = pinnedFetch(
      unresolvable('/slow'),
      { method: 'GET', headers: {}, signal: AbortSignal.timeout(50) },
      '127.0.0.1',
    );

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'AbortError' });
  });
});
