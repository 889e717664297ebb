/** An HTTP response the gateway writes. */
export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: string | Buffer;
  /** The function that produced it, for the log. */
  readonly functionName?: string;
}

export function replyJson(status: number, body: unknown): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

const isStatus = (value: unknown): value is number =>
  Number.isInteger(value) &&
  (value as number) >= 100 &&
  (value as number) <= 599;

/**
 * Turns a function's result into a response the way API Gateway reads
 * payload format 2.0: a result with `statusCode` is taken as it is (cookies
 * become `set-cookie`, base64 bodies are decoded); any other result is a 200
 * JSON body. A malformed `statusCode` is a 500, as on AWS.
 */
export function fromFunctionResult(result: unknown): Reply {
  if (!isStructured(result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: body ?? '',
    };
  }
  if (!isStatus(result.statusCode)) {
    return replyJson(500, { message: 'Internal Server Error' });
  }

  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    headers[name.toLowerCase()] = String(value);
  }
  if (Array.isArray(result.cookies) && result.cookies.length > 0) {
    headers['set-cookie'] = result.cookies.map(String);
  }
  const text = typeof result.body === 'string' ? result.body : '';
  const body = result.isBase64Encoded ? Buffer.from(text, 'base64') : text;
  return { status: result.statusCode, headers, body };
}

interface StructuredResult {
  statusCode?: unknown;
  headers?: Record<string, unknown>;
  body?: unknown;
  isBase64Encoded?: unknown;
  cookies?: unknown;
}

function isStructured(result: unknown): result is StructuredResult {
  return (
    typeof result === 'object' && result !== null && 'statusCode' in result
  );
}
