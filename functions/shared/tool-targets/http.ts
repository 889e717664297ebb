import { DEFAULT_HTTP_AUTH } from '../../../schemas/tools/manifest';
import { logger } from '../observability';
import { ToolError } from '../store/errors';
import type { HttpToolTarget, ToolRisk } from '../tool-catalogue';
import { checkDestination, type Lookup, systemLookup } from './destination';
import { type PinnedRequest, pinnedFetch } from './pinned-fetch';
import { jsonResult, readBounded, shortMessage } from './response';
import { secretValue } from './secrets';
import type { ExternalToolContext } from './types';

/** A tenant tool over HTTP, as the target needs it. */
export interface HttpTool {
  readonly name: string;
  readonly risk: ToolRisk;
  readonly target: HttpToolTarget;
}

/** What the HTTP target reaches the outside world with. */
export interface HttpDependencies {
  /** Sends the request to the checked `address`. @default pinnedFetch */
  readonly fetch: (
    url: URL,
    init: PinnedRequest,
    address: string,
  ) => Promise<Response>;
  readonly lookup: Lookup;
  readonly secret: (secretArn: string, toolName: string) => Promise<string>;
  readonly sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1), for the jitter of the backoff. */
  readonly random: () => number;
}

export const HTTP_DEFAULTS: HttpDependencies = {
  fetch: pinnedFetch,
  lookup: systemLookup,
  secret: (secretArn, toolName) => secretValue(secretArn, toolName),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/**
 * Longest a call may take over all its attempts, well below act's timeout.
 * Act starts a call only with this much time left (see `worstCaseMs`), so
 * several slow calls in one round continue in the step's retry.
 */
export const MAX_CALL_MS = 15_000;
const BACKOFF_BASE_MS = 200;
const BACKOFF_CAP_MS = 2000;
const IDEMPOTENT_METHODS = new Set(['GET', 'PUT', 'DELETE']);

/** An attempt that failed in a way a later attempt may not. */
type Attempt =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: string };

/**
 * Calls a tenant's HTTP API with the tool's validated input (GET: as the
 * query string; other methods: as the JSON body) and returns its JSON
 * answer.
 *
 * A call is retried, with jittered exponential backoff, after a timeout,
 * a network error, 408, 429 or 5xx, but only when repeating it is safe:
 * GET, PUT and DELETE, or any method sent with an `Idempotency-Key`
 * (always sent for tools that change data). A redirect is an error.
 *
 * Errors are `ToolError`s, which go back to the model as the call's
 * result: a 4xx names the status and the backend's short message; when
 * the backend stays unavailable after the retries, the message says so,
 * so the model can tell the customer instead of the conversation waiting
 * on workflow retries that would each repeat the whole call.
 */
export async function callHttpTool(
  tool: HttpTool,
  input: Record<string, unknown>,
  context: ExternalToolContext,
  deps: HttpDependencies = HTTP_DEFAULTS,
): Promise<unknown> {
  const started = Date.now();
  const request = await buildRequest(tool, input, context, deps);
  const { target } = tool;
  const attempts = 1 + (mayRepeat(target.method, request) ? target.retries : 0);

  let reason = '';
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const outcome = await callOnce(tool, request, deps);
    if (outcome.ok) return outcome.value;
    reason = outcome.reason;
    logger.warn('Tool call attempt failed', {
      tool: tool.name,
      attempt,
      attempts,
      reason,
    });
    if (attempt === attempts) break;
    const delay = backoff(attempt, deps.random);
    if (Date.now() - started + delay + target.timeoutMs > MAX_CALL_MS) break;
    await deps.sleep(delay);
  }
  throw new ToolError(
    `${tool.name} is unavailable right now (${reason}); the customer ` +
      'can try again later',
  );
}

interface PreparedRequest {
  readonly url: URL;
  readonly init: PinnedRequest & { headers: Record<string, string> };
}

async function buildRequest(
  tool: HttpTool,
  input: Record<string, unknown>,
  context: ExternalToolContext,
  deps: HttpDependencies,
): Promise<PreparedRequest> {
  const { target } = tool;
  const url = new URL(target.url);
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | undefined;
  if (target.method === 'GET') appendQuery(url, input);
  else {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(input);
  }
  if (tool.risk !== 'read') headers['idempotency-key'] = context.idempotencyKey;
  if (target.secretArn) {
    const { header, scheme } = target.auth ?? DEFAULT_HTTP_AUTH;
    const secret = await deps.secret(target.secretArn, tool.name);
    headers[header.toLowerCase()] = scheme ? `${scheme} ${secret}` : secret;
  }
  return {
    url,
    init: { method: target.method, headers, ...(body ? { body } : {}) },
  };
}

function appendQuery(url: URL, input: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(input)) {
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (item !== undefined && item !== null) {
        url.searchParams.append(name, String(item));
      }
    }
  }
}

function mayRepeat(method: string, request: PreparedRequest): boolean {
  return (
    IDEMPOTENT_METHODS.has(method) ||
    request.init.headers['idempotency-key'] !== undefined
  );
}

async function callOnce(
  tool: HttpTool,
  request: PreparedRequest,
  deps: HttpDependencies,
): Promise<Attempt> {
  const { target } = tool;
  try {
    const address = await checkDestination(
      tool.name,
      request.url,
      target.allowedHosts,
      (h) => deps.lookup(h),
    );
    const response = await deps.fetch(
      request.url,
      { ...request.init, signal: AbortSignal.timeout(target.timeoutMs) },
      address,
    );
    return await answer(tool, response);
  } catch (error) {
    if (error instanceof ToolError) throw error;
    return { ok: false, reason: failureReason(error, target.timeoutMs) };
  }
}

async function answer(tool: HttpTool, response: Response): Promise<Attempt> {
  const { status } = response;
  if (status >= 300 && status < 400) {
    await response.body?.cancel();
    throw new ToolError(
      `${tool.name} failed: its backend answered with a redirect (${status})`,
    );
  }
  if (status === 408 || status === 429 || status >= 500) {
    await response.body?.cancel();
    return { ok: false, reason: `the backend answered ${status}` };
  }
  const body = await readBounded(response);
  if (status >= 400) {
    const said = shortMessage(body.text);
    throw new ToolError(
      `${tool.name} was refused by its backend (status ${status})` +
        (said ? `: ${said}` : ''),
    );
  }
  return { ok: true, value: jsonResult(tool.name, body) };
}

function failureReason(error: unknown, timeoutMs: number): string {
  // DOMException: not always an Error of this realm, so read its name.
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return `no answer within ${timeoutMs} ms`;
  }
  return 'the backend could not be reached';
}

/** Full jitter: a random wait up to 200 ms × 2^(attempt − 1), at most 2 s. */
function backoff(attempt: number, random: () => number): number {
  const ceiling = Math.min(
    BACKOFF_CAP_MS,
    BACKOFF_BASE_MS * 2 ** (attempt - 1),
  );
  return Math.floor(random() * ceiling);
}
