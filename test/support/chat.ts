import { randomUUID } from 'node:crypto';

export interface ChatMessage {
  readonly sequence: number;
  readonly role: string;
  readonly text: string;
  readonly at: string;
  readonly citations?: { id: string; title: string; url?: string }[];
  readonly offlineModel?: boolean;
}

export interface ChatResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

/** A customer of the chat API, holding the token of their conversation. */
export class ChatClient {
  token?: string;
  readonly conversationId: string;

  constructor(
    readonly baseUrl: string,
    readonly tenantId: string,
    readonly customerId = 'customer-1',
    conversationId = `c${randomUUID().replace(/-/g, '').slice(0, 20)}`,
  ) {
    this.conversationId = conversationId;
  }

  get path(): string {
    return `${this.baseUrl}/tenants/${this.tenantId}/conversations/${this.conversationId}`;
  }

  async send(
    text: string,
    messageId: string = randomUUID(),
  ): Promise<ChatResponse> {
    const response = await fetch(`${this.path}/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: JSON.stringify({ messageId, customerId: this.customerId, text }),
    });
    const body = (await response.json()) as Record<string, unknown>;
    if (typeof body.customerToken === 'string') this.token = body.customerToken;
    return { status: response.status, body };
  }

  async read(after = 0): Promise<{ status: string; messages: ChatMessage[] }> {
    const response = await fetch(`${this.path}?after=${after}`, {
      headers: this.token ? { authorization: `Bearer ${this.token}` } : {},
    });
    if (response.status !== 200) {
      throw new Error(
        `GET conversation: ${response.status} ${await response.text()}`,
      );
    }
    return (await response.json()) as {
      status: string;
      messages: ChatMessage[];
    };
  }

  /** Polls until `done` holds for the transcript, or fails after `timeoutMs`. */
  async waitFor(
    done: (t: { status: string; messages: ChatMessage[] }) => boolean,
    timeoutMs = 15_000,
  ): Promise<{ status: string; messages: ChatMessage[] }> {
    const until = Date.now() + timeoutMs;
    let last = await this.read();
    while (!done(last)) {
      if (Date.now() > until) {
        throw new Error(
          `Timed out; transcript: ${JSON.stringify(last, null, 2)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
      last = await this.read();
    }
    return last;
  }
}

/** Calls the agent API with the development agent token. */
export async function agentCall(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<ChatResponse> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}
