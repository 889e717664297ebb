import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIPv6, type LookupFunction } from 'node:net';
import { Readable } from 'node:stream';

/** What a tool call sends: always a method, headers and maybe a body. */
export interface PinnedRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal?: AbortSignal;
}

/**
 * Sends one HTTP(S) request to `address`, the address the destination
 * check approved, whatever the host name resolves to by the time the
 * connection opens: a DNS answer that changes after the check (DNS
 * rebinding) cannot point the call at another address. TLS still verifies
 * the certificate against the URL's host name. Redirects are not followed.
 * Answers with a fetch `Response`, whose body streams.
 */
export function pinnedFetch(
  url: URL,
  init: PinnedRequest,
  address: string,
): Promise<Response> {
  const family = isIPv6(address) ? 6 : 4;
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method: init.method,
        // Framed explicitly: Node sends a GET or DELETE body unframed.
        headers:
          init.body === undefined
            ? init.headers
            : {
                ...init.headers,
                'content-length': String(Buffer.byteLength(init.body)),
              },
        lookup,
        ...(init.signal ? { signal: init.signal } : {}),
      },
      (message) => resolve(toResponse(message)),
    );
    request.on('error', reject);
    request.end(init.body);
  });
}

function toResponse(message: IncomingMessage): Response {
  const headers = new Headers();
  const raw = message.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    headers.append(raw[i] as string, raw[i + 1] as string);
  }
  const status = message.statusCode ?? 502;
  const empty = status === 204 || status === 304;
  if (empty) message.resume();
  const body = empty
    ? null
    : (Readable.toWeb(message) as unknown as ReadableStream<Uint8Array>);
  return new Response(body, { status, headers });
}
