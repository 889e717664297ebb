import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Gateway } from '../../local/gateway';
import { startTestGateway, WEB_DIR } from './gateway-world';

let gateway: Gateway;

beforeEach(async () => {
  ({ gateway } = await startTestGateway());
});

afterEach(async () => {
  await gateway.close();
});

describe('web chat page', () => {
  it.each([['/'], ['/chat']])('serves the page at %s', async (path) => {
    // Act
    const response = await fetch(`${gateway.url}${path}`);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain(
      "default-src 'self'",
    );
    expect(await response.text()).toContain('<script src="chat.js"');
  });

  it('serves the agent console at /agent', async () => {
    // Act
    const response = await fetch(`${gateway.url}/agent`);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<script src="agent.js"');
  });

  it.each([['/'], ['/agent']])(
    'serves every script and stylesheet the page at %s loads',
    async (page) => {
      // Prepare
      const html = await (await fetch(`${gateway.url}${page}`)).text();
      const loaded = [
        ...html.matchAll(/(?:src|href)="([a-z0-9-]+\.(js|css))"/g),
      ];

      // Act
      const responses = await Promise.all(
        loaded.map(([, name]) => fetch(`${gateway.url}/${name}`)),
      );

      // Assess
      expect(loaded.map(([, , kind]) => kind)).toEqual(
        expect.arrayContaining(['js', 'css']),
      );
      responses.forEach((response, i) => {
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(
          loaded[i][2] === 'js' ? /^text\/javascript/ : /^text\/css/,
        );
      });
    },
  );

  it.each([['/..%2Fpackage.json'], ['/missing.js'], ['/README.md']])(
    'returns 404 for %s',
    async (path) => {
      // Act
      const response = await fetch(`${gateway.url}${path}`);

      // Assess
      expect(response.status).toBe(404);
    },
  );

  it('uses no external URL and never writes message text as HTML', () => {
    // Prepare
    const files = readdirSync(WEB_DIR).map((name) =>
      readFileSync(join(WEB_DIR, name), 'utf8'),
    );

    // Assess
    for (const text of files) {
      expect(text).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
      expect(text).not.toMatch(/@import|url\(\s*["']?https?:/);
      expect(text).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML/);
    }
  });
});
