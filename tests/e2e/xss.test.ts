// Synced content is hostile until proven otherwise: another client writes an
// XSS corpus into titles, descriptions, comments and link labels/URLs through
// the relay; the operator's UI shows it as text, makes no unsafe link, and no
// script runs (nor is any even attempted against the CSP).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebServer } from '../../scripts/web';
import { connectNodeClient, openOperator, signInUrl, startApp, startRelay, type Operator, type Relay, eventually } from './harness';

const CORPUS = [
  '<script>window.__xss = "script"</script>',
  '<img src=x onerror="window.__xss=\'img\'">',
  '"><svg onload="window.__xss=\'svg\'">',
  '<iframe src="javascript:window.parent.__xss=\'iframe\'"></iframe>',
  '[click](javascript:window.__xss="md")',
  '<a href="javascript:window.__xss=\'a\'">link</a>',
  '{{constructor.constructor("window.__xss=1")()}}',
  '<style>@import "https://evil.example/x.css";</style>',
];

describe('hostile synced content', () => {
  let relay: Relay;
  let server: WebServer;
  let operator: Operator;

  beforeAll(async () => {
    [relay, server] = await Promise.all([startRelay(), startApp()]);
    const [mallory, alice] = await Promise.all([relay.token('sec', 'mallory', 'operator'), relay.token('sec', 'alice', 'operator')]);
    const client = await connectNodeClient(relay, 'sec', mallory, 'mallory');
    CORPUS.forEach((payload, index) => {
      const created = client.repository.create({
        title: `XSS ${index} ${payload}`,
        description: payload,
        links: [
          { kind: 'order', id: `o${index}`, label: payload, url: 'javascript:window.__xss="link"' },
          { kind: 'ticket', id: `t${index}`, label: 'data link', url: 'data:text/html,<script>window.__xss=1</script>' },
          { kind: 'doc', id: `d${index}`, label: 'good link', url: 'https://example.com/doc' },
        ],
      });
      if (!created.ok) throw new Error(created.error.message);
      const commented = client.repository.comment(created.value.id, payload);
      if (!commented.ok) throw new Error(commented.error.message);
    });
    // Give the relay a moment to hold every update before the client leaves.
    await new Promise((resolve) => setTimeout(resolve, 300));
    client.destroy();
    operator = await openOperator('about:blank');
    await operator.page.addInitScript(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener('securitypolicyviolation', (event) => w.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber} ${event.sample}`));
    });
    await operator.page.goto(signInUrl(server.url, { workspace: 'sec', relay: relay.url, token: alice, name: 'alice' }));
  });
  afterAll(async () => {
    await operator?.close();
    await server?.close();
    await relay?.stop();
  });

  it('renders titles, descriptions, comments and links as text, with no script run', async () => {
    const { page } = operator;
    const grid = page.getByRole('grid', { name: 'Tasks' });
    await eventually(() => grid.getByRole('row').count(), { timeout: 15_000 }).toBe(CORPUS.length + 1);
    // The title is shown literally.
    await eventually(() => page.getByRole('row', { name: /XSS 1 <img src=x onerror/ }).count()).toBe(1);

    for (let index = 0; index < CORPUS.length; index += 1) {
      await page.getByRole('row', { name: new RegExp(`^XSS ${index} `) }).dblclick();
      const panel = page.getByRole('complementary', { name: 'Task details' });
      await eventually(() => panel.getByRole('textbox', { name: 'Description' }).inputValue()).toBe(CORPUS[index]);
      await eventually(() => panel.locator('.comment-body').textContent()).toBe(CORPUS[index]);
      const hrefs = await panel.locator('a[href]').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
      expect(hrefs).toEqual(['https://example.com/doc']);
      await page.keyboard.press('Escape');
    }

    const state = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: unknown }).__xss ?? null,
      violations: (window as unknown as { __violations: string[] }).__violations,
      injected: document.querySelectorAll('#root script, #root img, #root svg, #root iframe, #root style').length,
      unsafeLinks: document.querySelectorAll('a[href^="javascript:"], a[href^="data:"]').length,
    }));
    expect(state).toEqual({ xss: null, violations: [], injected: 0, unsafeLinks: 0 });
  });

  it('refuses a bad token on the first-run screen with a reason', async () => {
    const other = await openOperator(signInUrl(server.url, { workspace: 'sec', relay: relay.url, token: 'not-a-real-token-at-all', name: 'eve' }));
    try {
      const alert = other.page.getByRole('alert');
      await eventually(() => alert.textContent()).toMatch(/refused/i);
      // The token is gone from the address bar and history.
      expect(other.page.url()).not.toContain('token=');
      expect(await other.page.getByRole('button', { name: 'Work offline' }).isVisible()).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('shows "Signed out" with the reason when the relay refuses the token mid-session', async () => {
    const carolToken = await relay.token('sec', 'carol', 'operator');
    const carol = await openOperator(signInUrl(server.url, { workspace: 'sec', relay: relay.url, token: carolToken, name: 'carol' }));
    try {
      const status = carol.page.getByRole('status', { name: 'Sync status' });
      await eventually(() => status.textContent(), { timeout: 15_000 }).toMatch(/^Online/);
      await relay.revoke(carolToken);
      // The relay closes the socket with a 44xx code, or refuses the next connection with one.
      await carol.context.setOffline(true);
      await carol.context.setOffline(false);
      await eventually(() => status.textContent(), { timeout: 15_000 }).toMatch(/^Signed out/);
      // Local work is still there and still usable offline.
      expect(await carol.page.getByRole('grid', { name: 'Tasks' }).getByRole('row').count()).toBe(CORPUS.length + 1);
    } finally {
      await carol.close();
    }
  });

  it('serves the app with a strict Content Security Policy', async () => {
    const response = await fetch(server.url);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });
});
