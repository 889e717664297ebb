import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';

const WEB = join(__dirname, '../../../local/web');
const PAGE = readFileSync(join(WEB, 'index.html'), 'utf8');
const SCRIPTS = ['common.js', 'chat.js'].map((name) =>
  readFileSync(join(WEB, name), 'utf8'),
);

interface Call {
  readonly method: string;
  readonly url: string;
  readonly body?: unknown;
}

/**
 * The chat page in a DOM, talking to a stand-in chat API that accepts a
 * message and then serves `messages` as the conversation.
 */
function openPage(messages: readonly Record<string, unknown>[]) {
  const dom = new JSDOM(PAGE, {
    url: 'http://127.0.0.1:8787/',
    runScripts: 'outside-only',
    pretendToBeVisual: true,
  });
  const calls: Call[] = [];
  const reply = (body: unknown, status = 200) => ({
    ok: status < 400,
    status,
    json: async () => body,
  });
  Object.assign(dom.window, {
    fetch: async (url: string, init: { method: string; body?: string }) => {
      const body = init.body ? JSON.parse(init.body) : undefined;
      calls.push({ method: init.method, url, body });
      return init.method === 'POST'
        ? reply({ customerToken: 'tok', sequence: 1 }, 202)
        : reply({ status: 'active', messages });
    },
  });
  for (const script of SCRIPTS) dom.window.eval(script);
  return { dom, calls, document: dom.window.document };
}

async function send(page: ReturnType<typeof openPage>, text: string) {
  const input = page.document.getElementById('message-text');
  (input as HTMLTextAreaElement).value = text;
  const form = page.document.getElementById('composer') as HTMLFormElement;
  form.requestSubmit();
  for (let i = 0; i < 50; i++) {
    if (page.document.querySelector('.message-assistant')) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const error = page.document.getElementById('error')?.textContent;
  throw new Error(`The page showed no reply (${error || 'no error'})`);
}

const at = '2026-12-04T10:00:00.000Z';

describe('the chat page', () => {
  let page: ReturnType<typeof openPage> | undefined;
  afterEach(() => page?.dom.window.close());

  it('shows the citations of a reply as links to their articles', async () => {
    // Prepare
    page = openPage([
      { sequence: 1, role: 'customer', text: 'Shipping?', at },
      {
        sequence: 2,
        role: 'assistant',
        text: 'Standard shipping takes 3 to 6 business days.',
        at,
        offlineModel: true,
        citations: [
          {
            id: 'shipping#3',
            title: 'Shipping and delivery',
            url: 'https://help.example.com/shipping',
          },
          {
            id: 'shipping#4',
            title: 'Shipping and delivery',
            url: 'https://help.example.com/shipping',
          },
          {
            id: 'returns#1',
            title: 'Returns',
            url: 'https://help.example.com/returns',
          },
        ],
      },
    ]);

    // Act
    await send(page, 'How long does shipping take?');

    // Assess
    const reply = page.document.querySelector('.message-assistant');
    const links = [...(reply?.querySelectorAll('.citations a') ?? [])];
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Shipping and delivery', 'https://help.example.com/shipping'],
      ['Returns', 'https://help.example.com/returns'],
    ]);
    expect(links[0]?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(reply?.querySelector('.badge')?.textContent).toBe('offline model');
    expect(page.calls[0]).toMatchObject({
      method: 'POST',
      body: { text: 'How long does shipping take?' },
    });
  });

  it('shows a citation whose url is not http(s) as text, never a link', async () => {
    // Prepare
    page = openPage([
      {
        sequence: 2,
        role: 'assistant',
        text: 'See our policy.',
        at,
        citations: [
          { id: 'evil#1', title: 'Evil', url: 'javascript:alert(1)' },
        ],
      },
    ]);

    // Act
    await send(page, 'Hi');

    // Assess
    const reply = page.document.querySelector('.message-assistant');
    expect(reply?.querySelector('.citations a')).toBeNull();
    expect(reply?.querySelector('.citations li')?.textContent).toBe('evil#1');
  });

  it('writes message text as text, not markup', async () => {
    // Prepare
    page = openPage([
      {
        sequence: 2,
        role: 'assistant',
        text: '<img src=x onerror="alert(1)">',
        at,
      },
    ]);

    // Act
    await send(page, 'Hi');

    // Assess
    const reply = page.document.querySelector('.message-assistant');
    expect(reply?.querySelector('img')).toBeNull();
    expect(reply?.querySelector('.message-text')?.textContent).toBe(
      '<img src=x onerror="alert(1)">',
    );
  });
});
