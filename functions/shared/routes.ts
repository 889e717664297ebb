/**
 * The routes of the HTTP API and the function behind each, as plain data:
 * the CDK app declares the same routes on the API Gateway HTTP API, the
 * local gateway routes with it, and each function's router dispatches on it.
 * Imports nothing, so any of them can load it.
 */
export interface HttpRoute {
  readonly method: 'GET' | 'POST';
  /** Path template in API Gateway's syntax: `{name}` is one segment. */
  readonly path: string;
  /** Folder of the function under `functions/`. */
  readonly functionName: string;
}

export const HTTP_ROUTES = [
  {
    method: 'POST',
    path: '/tenants/{tenantId}/conversations/{conversationId}/messages',
    functionName: 'chat-inbound',
  },
  {
    method: 'GET',
    path: '/tenants/{tenantId}/conversations/{conversationId}',
    functionName: 'chat-inbound',
  },
  {
    method: 'GET',
    path: '/tenants/{tenantId}/handoffs',
    functionName: 'agent-api',
  },
  {
    method: 'POST',
    path: '/tenants/{tenantId}/handoffs/{handoffId}/resolve',
    functionName: 'agent-api',
  },
  {
    method: 'POST',
    path: '/tenants/{tenantId}/handoffs/{handoffId}/hand-back',
    functionName: 'agent-api',
  },
  {
    method: 'POST',
    path: '/tenants/{tenantId}/handoffs/{handoffId}/heartbeat',
    functionName: 'agent-api',
  },
  {
    method: 'GET',
    path: '/tenants/{tenantId}/handoffs/{handoffId}/messages',
    functionName: 'agent-api',
  },
  {
    method: 'POST',
    path: '/tenants/{tenantId}/handoffs/{handoffId}/messages',
    functionName: 'agent-api',
  },
  {
    method: 'GET',
    path: '/tenants/{tenantId}/approvals',
    functionName: 'agent-api',
  },
  {
    method: 'POST',
    path: '/tenants/{tenantId}/approvals/{approvalId}/decision',
    functionName: 'agent-api',
  },
] as const satisfies readonly HttpRoute[];

export type HttpFunctionName = (typeof HTTP_ROUTES)[number]['functionName'];

/** `METHOD /path/{param}`: API Gateway's route key of a route. */
export type RouteKeyOf<F extends HttpFunctionName> =
  Extract<(typeof HTTP_ROUTES)[number], { functionName: F }> extends infer R
    ? R extends { method: infer M extends string; path: infer P extends string }
      ? `${M} ${P}`
      : never
    : never;

export const routeKey = (route: HttpRoute): string =>
  `${route.method} ${route.path}`;

/**
 * Matches a request path against a template, returning the path parameters
 * (percent-decoded) or `undefined` when it does not match.
 */
export function matchPath(
  template: string,
  path: string,
): Record<string, string> | undefined {
  const want = template.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;

  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const value = got[i] ?? '';
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name === undefined && part !== value) return undefined;
    if (name !== undefined) {
      if (value === '') return undefined;
      params[name] = safeDecode(value);
    }
  }
  return params;
}

export interface RouteMatch<R extends HttpRoute = HttpRoute> {
  readonly route: R;
  readonly pathParameters: Record<string, string>;
}

/**
 * Finds the route for a method and path. `allowed` lists the methods of the
 * routes whose path matched, so a caller can tell 404 from 405.
 */
export function findRoute<R extends HttpRoute>(
  routes: readonly R[],
  method: string,
  path: string,
): { match?: RouteMatch<R>; allowed: string[] } {
  const allowed: string[] = [];
  for (const route of routes) {
    const pathParameters = matchPath(route.path, path);
    if (!pathParameters) continue;
    if (route.method === method.toUpperCase()) {
      return { match: { route, pathParameters }, allowed: [route.method] };
    }
    allowed.push(route.method);
  }
  return { allowed };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
