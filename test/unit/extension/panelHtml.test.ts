// The panel's HTML and webview options: CSP default-src 'none', scripts only by nonce, no inline
// styles or handlers, resources only from the built output folder.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { contentSecurityPolicy, localResourceRootPaths, makeNonce, panelHtml } from '../../../src/extension/panel/panelHtml';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const nonce = makeNonce();
const html = panelHtml({
  cspSource: CSP_SOURCE,
  scriptUri: `${CSP_SOURCE}/ext/dist/webview.js`,
  styleUri: `${CSP_SOURCE}/ext/dist/webview.css`,
  nonce,
  title: 'cauchy.clipexp.json <script>alert(1)</script>',
});

function csp(): Map<string, string[]> {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(match, 'no CSP meta tag');
  const directives = new Map<string, string[]>();
  for (const part of match[1].replace(/&#39;/g, "'").split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name, values);
  }
  return directives;
}

describe('panel HTML', () => {
  it("has a CSP with default-src 'none', scripts by nonce only, styles and images from the extension", () => {
    const d = csp();
    assert.deepEqual(d.get('default-src'), ["'none'"]);
    assert.deepEqual(d.get('script-src'), [`'nonce-${nonce}'`]);
    assert.deepEqual(d.get('style-src'), [CSP_SOURCE]);
    assert.deepEqual(d.get('img-src'), [CSP_SOURCE, 'data:']);
    for (const values of d.values()) {
      for (const v of values) assert.ok(!/unsafe-inline|unsafe-eval|\*|https?:$/.test(v), `unsafe source ${v}`);
    }
    assert.equal(contentSecurityPolicy('X', 'n').startsWith("default-src 'none'"), true);
  });

  it('gives every script the nonce and a src from dist/ (no inline script)', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length >= 1);
    for (const [, attrs, body] of scripts) {
      assert.match(attrs, new RegExp(`nonce="${nonce}"`));
      assert.match(attrs, /src="[^"]*\/dist\/webview\.js"/);
      assert.equal(body.trim(), '');
    }
  });

  it('has no inline styles, style elements or inline event handlers', () => {
    assert.doesNotMatch(html, /\sstyle\s*=/i);
    assert.doesNotMatch(html, /<style/i);
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i);
    assert.doesNotMatch(html, /javascript:/i);
    const links = [...html.matchAll(/<link\b[^>]*href="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(links, [`${CSP_SOURCE}/ext/dist/webview.css`]);
  });

  it('escapes the title (a file name is data, not markup)', () => {
    assert.doesNotMatch(html, /<script>alert/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it('makes a fresh, unguessable nonce each time', () => {
    const nonces = new Set(Array.from({ length: 50 }, makeNonce));
    assert.equal(nonces.size, 50);
    for (const n of nonces) assert.match(n, /^[A-Za-z0-9]{16,}$/);
  });

  it('keeps the DOM contract the e2e tests rely on', () => {
    for (const id of ['loss-chart', 'status', 'runs-table', 'suggestion', 'add-suggested-run', 'run-picker', 'error-banner', 'export-csv', 'export-json', 'export-png', 'x-scale', 'y-scale']) {
      assert.match(html, new RegExp(`id="${id}"`), id);
    }
    assert.match(html, /<canvas id="loss-chart"/);
    assert.match(html, /<table id="runs-table"/);
    assert.match(html, /<button id="add-suggested-run"[^>]*>Add as run<\/button>/);
  });
});

describe('webview options', () => {
  it('limits local resources to the built output folder', () => {
    const ext = join('/opt', 'ext');
    assert.deepEqual(localResourceRootPaths(ext), [join(ext, 'dist')]);
  });
});
