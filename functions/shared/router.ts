import { type HttpEvent, type HttpResult, json } from './http';
import {
  findRoute,
  HTTP_ROUTES,
  type HttpFunctionName,
  type RouteKeyOf,
  routeKey,
} from './routes';

/** Handles one route; `params` are the path parameters, percent-decoded. */
export type RouteHandler = (
  event: HttpEvent,
  params: Readonly<Record<string, string>>,
) => Promise<HttpResult>;

/**
 * Dispatches an HTTP API event to the handler of its route, from the shared
 * route table (`routes.ts`). Every route of `functionName` must have a
 * handler. Unknown paths answer 404 and a known path with another method
 * 405, both as JSON.
 */
export function router<F extends HttpFunctionName>(
  functionName: F,
  handlers: Readonly<Record<RouteKeyOf<F>, RouteHandler>>,
): (event: HttpEvent) => Promise<HttpResult> {
  const routes = HTTP_ROUTES.filter((r) => r.functionName === functionName);
  const byKey = handlers as Readonly<Record<string, RouteHandler>>;

  return async (event) => {
    const method = event.requestContext.http.method;
    const path = stripStage(event.rawPath, event.requestContext.stage);
    const { match, allowed } = findRoute(routes, method, path);
    const handle = match && byKey[routeKey(match.route)];
    if (match && handle) return handle(event, match.pathParameters);

    if (allowed.length > 0) {
      const allow = allowed.join(', ');
      const response = json(405, {
        error: 'MethodNotAllowed',
        message: `Method ${method} is not allowed here; use ${allow}`,
      });
      return { ...response, headers: { ...response.headers, allow } };
    }
    return json(404, {
      error: 'NotFound',
      message: `No route for ${method} ${path}`,
    });
  };
}

/** A named stage prefixes the raw path; the `$default` stage does not. */
function stripStage(rawPath: string, stage: string | undefined): string {
  if (!stage || stage === '$default') return rawPath;
  const prefix = `/${stage}`;
  return rawPath.startsWith(`${prefix}/`)
    ? rawPath.slice(prefix.length)
    : rawPath;
}
