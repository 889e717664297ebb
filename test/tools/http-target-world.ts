import {
  callHttpTool,
  HTTP_DEFAULTS,
  type HttpDependencies,
  type HttpTool,
} from '../../functions/shared/tool-targets/http';
import { withLoopback } from './fixtures';
import { startServer, type TestServer } from './loopback-server';

export { reply, type TestServer } from './loopback-server';

/** Shared setup of the HTTP target tests: a loopback backend and a tool. */

export const CONTEXT = {
  tenantId: 'acme',
  conversationId: 'conv-1',
  idempotencyKey: 'acme:conv-1:tooluse-1',
};

/** The backend the current test started, closed after each test. */
let current: TestServer | undefined;

/** Starts the test's backend; `tool()` then points at it. */
export async function serve(
  respond: Parameters<typeof startServer>[0],
): Promise<TestServer> {
  current = await startServer(respond);
  return current;
}

/** The backoff waits the last call asked for. */
export const sleeps: number[] = [];

/** Wire as `beforeEach(setUp)`. */
export function setUp(): void {
  sleeps.length = 0;
}

/** Wire as `afterEach(tearDown)`. */
export async function tearDown(): Promise<void> {
  await current?.close();
  current = undefined;
}

/** A tool calling `path` on the test server. */
export function tool(
  path: string,
  target: Partial<HttpTool['target']> = {},
  risk: HttpTool['risk'] = 'read',
): HttpTool {
  return {
    name: 'track_parcel',
    risk,
    target: {
      type: 'http',
      url: `${current?.origin ?? 'http://127.0.0.1:9'}${path}`,
      method: 'GET',
      timeoutMs: 2000,
      retries: 2,
      allowedHosts: ['127.0.0.1'],
      ...target,
    },
  };
}

export const deps = (
  overrides: Partial<HttpDependencies> = {},
): HttpDependencies => ({
  ...HTTP_DEFAULTS,
  secret: async () => 's3cret-token',
  sleep: async (ms) => {
    sleeps.push(ms);
  },
  random: () => 0.5,
  ...overrides,
});

/** Calls the tool in the local runtime's setting (loopback allowed). */
export const call = (
  t: HttpTool,
  input: Record<string, unknown> = { tracking_number: '780391627633' },
  d = deps(),
) => withLoopback(true, () => callHttpTool(t, input, CONTEXT, d));
