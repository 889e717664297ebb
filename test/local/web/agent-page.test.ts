import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';

const WEB = join(__dirname, '../../../local/web');
const PAGE = readFileSync(join(WEB, 'agent.html'), 'utf8');
const SCRIPTS = ['common.js', 'agent.js'].map((name) =>
  readFileSync(join(WEB, name), 'utf8'),
);

interface Call {
  readonly method: string;
  readonly url: string;
  readonly authorization?: string;
  readonly body?: unknown;
}

const at = '2026-12-04T10:00:00.000Z';
const APPROVAL = {
  approvalId: 'conv-7-1-2-1',
  conversationId: 'conv-7',
  tool: 'return_delivered_order_items',
  change:
    'return Sleeping Pad (air, regular) [item 5917732742] of order ' +
    '#W4817203, refunding the Visa card ending 4417; refund of $106.97',
  refundCents: 10_697,
  reason: 'refund_threshold',
  status: 'pending',
  createdAt: at,
};
const HANDOFF = {
  handoffId: 'conv-8-1-3',
  conversationId: 'conv-8',
  status: 'open',
  reason: 'customer_request',
  summary: 'Wants to know why order #W3308846 is late.',
  createdAt: at,
  updatedAt: at,
};
const MESSAGES = [
  { sequence: 1, role: 'customer', text: 'Where is my parcel?', at },
  { sequence: 2, role: 'note', text: '<b>not markup</b>', at },
];

/** The console in a DOM, over a stand-in agents' API. */
function openPage() {
  const dom = new JSDOM(PAGE, {
    url: 'http://127.0.0.1:8787/agent',
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
    fetch: async (
      url: string,
      init: { method: string; body?: string; headers: Record<string, string> },
    ) => {
      const body = init.body ? JSON.parse(init.body) : undefined;
      calls.push({
        method: init.method,
        url,
        authorization: init.headers.authorization,
        body,
      });
      if (init.method === 'POST') return reply({}, 202);
      if (url.includes('/approvals')) return reply({ approvals: [APPROVAL] });
      if (url.includes('/messages')) {
        return reply({ handoff: HANDOFF, messages: MESSAGES });
      }
      return reply({ handoffs: [HANDOFF] });
    },
  });
  for (const script of SCRIPTS) dom.window.eval(script);
  return { dom, calls, document: dom.window.document };
}

type Page = ReturnType<typeof openPage>;

async function until(page: Page, done: () => boolean, what: string) {
  for (let i = 0; i < 100; i++) {
    if (done()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const error = page.document.getElementById('error')?.textContent;
  throw new Error(`Timed out waiting for ${what} (${error || 'no error'})`);
}

async function connect(page: Page, name = 'Sam Rivera') {
  const field = (id: string) =>
    page.document.getElementById(id) as HTMLInputElement;
  field('agent-token').value = 'agent-token-1';
  field('agent-name').value = name;
  (page.document.getElementById('sign-in') as HTMLFormElement).requestSubmit();
  await until(
    page,
    () => page.document.querySelector('[data-approval-id]') !== null,
    'the approvals',
  );
}

const buttonNamed = (root: ParentNode, label: string) =>
  [...root.querySelectorAll('button')].find(
    (b) => b.textContent === label,
  ) as HTMLButtonElement;

describe('the agent console', () => {
  let page: Page | undefined;
  afterEach(() => page?.dom.window.close());

  it('lists approvals and handoffs with the agent token', async () => {
    // Prepare
    page = openPage();

    // Act
    await connect(page);

    // Assess
    const card = page.document.querySelector('[data-approval-id]');
    expect(card?.textContent).toContain('Sleeping Pad (air, regular)');
    expect(card?.textContent).toContain('Refund $106.97');
    expect(
      page.document.querySelector('[data-handoff-id]')?.textContent,
    ).toContain('#W3308846 is late');
    expect(
      page.calls.every((c) => c.authorization === 'Bearer agent-token-1'),
    ).toBe(true);
  });

  it('approves a change with the agent name and note', async () => {
    // Prepare
    page = openPage();
    await connect(page);
    const card = page.document.querySelector('[data-approval-id]') as Element;
    (card.querySelector('input') as HTMLInputElement).value = 'Within policy.';

    // Act
    buttonNamed(card, 'Approve').click();
    await until(
      page,
      () => page?.calls.some((c) => c.method === 'POST') ?? false,
      'the decision',
    );

    // Assess
    const decision = page.calls.find((c) => c.method === 'POST');
    expect(decision?.url).toBe('/tenants/demo/approvals/conv-7-1-2-1/decision');
    expect(decision?.body).toEqual({
      decision: 'approve',
      agentName: 'Sam Rivera',
      note: 'Within policy.',
    });
  });

  it('opens a handoff, shows its messages as text and writes to the customer', async () => {
    // Prepare
    page = openPage();
    await connect(page);
    const card = page.document.querySelector('[data-handoff-id]') as Element;

    // Act
    buttonNamed(card, 'Open').click();
    await until(
      page,
      () => (page?.document.querySelectorAll('.message').length ?? 0) >= 2,
      'the messages',
    );
    const text = page.document.getElementById(
      'message-text',
    ) as HTMLTextAreaElement;
    text.value = 'Hi, Sam here. It left the depot today.';
    (
      page.document.getElementById('composer') as HTMLFormElement
    ).requestSubmit();
    await until(
      page,
      () => page?.calls.some((c) => c.method === 'POST') ?? false,
      'the message',
    );

    // Assess
    const shown = page.document.getElementById('messages');
    expect(shown?.textContent).toContain('<b>not markup</b>');
    expect(shown?.querySelector('b')).toBeNull();
    const sent = page.calls.find((c) => c.method === 'POST');
    expect(sent?.url).toBe('/tenants/demo/handoffs/conv-8-1-3/messages');
    expect(sent?.body).toEqual({
      messageId: expect.any(String),
      text: 'Hi, Sam here. It left the depot today.',
    });
  });
});
