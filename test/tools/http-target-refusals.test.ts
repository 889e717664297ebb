import { RefusedDestinationError } from '../../functions/shared/tool-targets/destination';
import {
  callHttpTool,
  HTTP_DEFAULTS,
  type HttpDependencies,
  type HttpTool,
} from '../../functions/shared/tool-targets/http';
import { withLoopback } from './fixtures';
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
    server = await serve(reply(200, {}));
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
    server = await serve(
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
