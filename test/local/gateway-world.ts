import { join } from 'node:path';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
} from 'aws-lambda';
import {
  type Gateway,
  type GatewayLogEntry,
  startGateway,
} from '../../local/gateway';

/** Shared setup of the local gateway tests: a gateway over a fake invoke. */

export const WEB_DIR = join(__dirname, '../../local/web');

export interface Invocation {
  functionName: string;
  event: APIGatewayProxyEventV2;
}

/** The function result a test gets unless it says otherwise. */
export const accepted = async (): Promise<APIGatewayProxyResultV2> => ({
  statusCode: 202,
  headers: { 'content-type': 'application/json', 'x-custom': 'yes' },
  body: JSON.stringify({ accepted: true }),
});

export interface TestGatewayHooks {
  /** What the invoked function returns; read at each invocation. */
  result?: () => Promise<APIGatewayProxyResultV2>;
  /** The health check; read at each /health request. */
  healthy?: () => boolean | Promise<boolean>;
}

export interface TestGateway {
  gateway: Gateway;
  /** Every function invocation, in order. */
  invocations: Invocation[];
  /** Every request log entry, in order. */
  logs: GatewayLogEntry[];
}

/** Starts a gateway serving the web page; call from `beforeEach`. */
export async function startTestGateway(
  hooks: TestGatewayHooks = {},
): Promise<TestGateway> {
  const invocations: Invocation[] = [];
  const logs: GatewayLogEntry[] = [];
  const gateway = await startGateway({
    invoke: async (functionName, event) => {
      invocations.push({ functionName, event });
      return (hooks.result ?? accepted)();
    },
    staticDir: WEB_DIR,
    health: () => (hooks.healthy ?? (() => true))(),
    onLog: (entry) => logs.push(entry),
  });
  return { gateway, invocations, logs };
}
