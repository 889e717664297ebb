import http, { type IncomingHttpHeaders } from 'node:http';
import http2 from 'node:http2';
import net, { type AddressInfo } from 'node:net';

/**
 * One loopback port serving both cleartext HTTP/2 (h2c with prior
 * knowledge, what the SDK's HTTP/2 handler speaks) and HTTP/1.1 (curl, or
 * an SDK client configured with the HTTP/1 handler). Node's `allowHTTP1`
 * only works with TLS, so the first bytes of each connection decide: the
 * HTTP/2 connection preface goes to the HTTP/2 server, anything else to
 * the HTTP/1.1 server.
 */

/** The request surface shared by HTTP/1.1 and HTTP/2 compatibility APIs. */
export interface PlainRequest extends AsyncIterable<Buffer | string> {
  readonly method?: string;
  readonly url?: string;
  readonly httpVersion: string;
  readonly headers: IncomingHttpHeaders;
}

/** The response surface shared by HTTP/1.1 and HTTP/2 compatibility APIs. */
export interface PlainResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body: string): unknown;
}

export type PlainHandler = (req: PlainRequest, res: PlainResponse) => void;

export interface Listener {
  readonly url: string;
  close(): Promise<void>;
}

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n');

/** Listens on `host:port` (0 picks a free port) for both protocols. */
export async function listenHttp1And2(
  handler: PlainHandler,
  options: { port: number; host: string },
): Promise<Listener> {
  const h2 = http2.createServer((req, res) => handler(req, res));
  const h1 = http.createServer((req, res) => handler(req, res));
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    route(socket, (isHttp2) => (isHttp2 ? h2 : h1).emit('connection', socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Reads until the bytes tell HTTP/2 from HTTP/1.1, then hands over. */
function route(socket: net.Socket, handOver: (isHttp2: boolean) => void) {
  let head = Buffer.alloc(0);
  const onReadable = () => {
    let chunk = socket.read() as Buffer | null;
    while (chunk) {
      head = Buffer.concat([head, chunk]);
      chunk = socket.read() as Buffer | null;
    }
    const length = Math.min(head.length, PREFACE.length);
    const samePrefix = head
      .subarray(0, length)
      .equals(PREFACE.subarray(0, length));
    if (samePrefix && head.length < PREFACE.length) return;

    socket.off('readable', onReadable);
    socket.unshift(head);
    handOver(samePrefix);
  };
  socket.on('readable', onReadable);
}
