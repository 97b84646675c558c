// The webview is untrusted: every message it sends is validated; garbage is dropped and logged,
// never handed to the host's code. The host posts nothing before the webview's `ready`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageGate } from '../../../src/extension/panel/messageValidation';
import { PanelConnection, type WebviewPort } from '../../../src/extension/panel/panelConnection';
import { DEFAULT_PANEL_STATE, MESSAGE_LIMITS, validateWebviewMessage, type WebviewMessage } from '../../../src/shared/webviewProtocol';

const VALID: WebviewMessage[] = [
  { type: 'ready', id: 1, state: null },
  { type: 'ready', id: 2, state: { ...DEFAULT_PANEL_STATE, hidden: ['SGD'] } },
  { type: 'setScales', id: 3, xScale: 'linear', yScale: 'log' },
  { type: 'setHsgd', id: 4, enabled: true },
  { type: 'command', id: 5, command: 'stop' },
  { type: 'suggest', id: 6 },
  { type: 'addSuggestedRun', id: 7, suggestionId: 3 },
  { type: 'export', id: 8, format: 'csv' },
  { type: 'png', id: 9, inReplyTo: 4, dataUrl: 'data:image/png;base64,iVBORw0KGgo=' },
  { type: 'stateChanged', id: 10, state: { xScale: 'log', yScale: 'linear', hidden: [], showHsgd: true, targetRisk: 0.05 } },
  { type: 'log', id: 11, level: 'error', message: 'boom' },
];

/** Deterministic pseudo-random garbage. */
function* garbage(seed: number, count: number): Generator<unknown> {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const atoms: unknown[] = [null, undefined, 0, -1, 1.5, NaN, Infinity, '', 'x', 'ready', true, false, [], {}, [1, 2], { a: 1 }, '__proto__', 2 ** 60];
  const pick = () => atoms[Math.floor(rnd() * atoms.length)];
  for (let i = 0; i < count; i++) {
    const base = structuredClone(VALID[Math.floor(rnd() * VALID.length)]) as Record<string, unknown>;
    const keys = Object.keys(base);
    const mutation = Math.floor(rnd() * 5);
    if (mutation === 0) base[keys[Math.floor(rnd() * keys.length)]] = pick();        // wrong value
    else if (mutation === 1) delete base[keys[Math.floor(rnd() * keys.length)]];     // missing field
    else if (mutation === 2) base[`extra${Math.floor(rnd() * 3)}`] = pick();          // unknown field
    else if (mutation === 3) base.type = ['run', 'eval', 'openFile', 'READY', 'constructor', 'toString'][Math.floor(rnd() * 6)];
    else yield pick();                                                              // not even an object
    if (mutation < 4) yield base;
  }
}

function isReallyValid(message: unknown): boolean {
  // A mutation may by chance produce a valid message (e.g. a boolean swapped for another boolean):
  // it must then be one of the shapes, with exactly the expected keys.
  return VALID.some((v) => v.type === (message as WebviewMessage)?.type && JSON.stringify(Object.keys(v).sort()) === JSON.stringify(Object.keys(message as object).sort()));
}

describe('validateWebviewMessage', () => {
  it('accepts every message type of the protocol', () => {
    for (const message of VALID) assert.deepEqual(validateWebviewMessage(message), { ok: true, message }, message.type);
  });

  it('rejects unknown types, missing ids, extra or missing fields, wrong values', () => {
    const bad: unknown[] = [
      null, undefined, 42, 'ready', [], [{ type: 'ready', id: 1, state: null }],
      { type: 'ready', state: null },                                   // no id
      { type: 'ready', id: -1, state: null },
      { type: 'ready', id: 1.5, state: null },
      { type: 'ready', id: '1', state: null },
      { type: 'ready', id: 1, state: null, extra: 1 },
      { type: 'eval', id: 1, code: 'process.exit()' },
      { type: 'constructor', id: 1 },
      { type: 'toString', id: 1 },
      { type: '__proto__', id: 1 },
      { type: 'setScales', id: 1, xScale: 'log' },
      { type: 'setScales', id: 1, xScale: 'sqrt', yScale: 'log' },
      { type: 'command', id: 1, command: 'rm -rf' },
      { type: 'export', id: 1, format: '../../etc/passwd' },
      { type: 'addSuggestedRun', id: 1, suggestionId: -3 },
      { type: 'addSuggestedRun', id: 1, suggestionId: 1, run: { name: 'x', lr: 1 } },  // the host never takes run data from the page
      { type: 'png', id: 1, inReplyTo: 1, dataUrl: 'data:text/html;base64,PHNjcmlwdD4=' },
      { type: 'png', id: 1, inReplyTo: 1, dataUrl: 'data:image/png;base64,<script>' },
      { type: 'png', id: 1, inReplyTo: 1, dataUrl: `data:image/png;base64,${'A'.repeat(MESSAGE_LIMITS.maxPngBytes)}` },
      { type: 'log', id: 1, level: 'error', message: 'x'.repeat(MESSAGE_LIMITS.maxString + 1) },
      { type: 'log', id: 1, level: 'fatal', message: 'x' },
      { type: 'stateChanged', id: 1, state: { ...DEFAULT_PANEL_STATE, hidden: [1] } },
      { type: 'stateChanged', id: 1, state: { ...DEFAULT_PANEL_STATE, targetRisk: -1 } },
      { type: 'stateChanged', id: 1, state: { ...DEFAULT_PANEL_STATE, extra: true } },
      { type: 'stateChanged', id: 1, state: { ...DEFAULT_PANEL_STATE, hidden: Array(MESSAGE_LIMITS.maxRunNames + 1).fill('a') } },
      JSON.parse('{"type":"ready","id":1,"state":null,"__proto__":{"polluted":true}}'),
    ];
    for (const message of bad) {
      const result = validateWebviewMessage(message);
      assert.equal(result.ok, false, `accepted ${JSON.stringify(message)?.slice(0, 80)}`);
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('never throws and never accepts a malformed message (fuzz, 5000 mutations)', () => {
    let rejected = 0;
    for (const message of garbage(7, 5000)) {
      const result = validateWebviewMessage(message);
      if (!result.ok) rejected++;
      else assert.ok(isReallyValid(message), `accepted ${JSON.stringify(message)}`);
    }
    assert.ok(rejected > 4000, `only ${rejected} rejected`);
  });

  it('survives hostile objects (throwing getters, proxies)', () => {
    const gate = new MessageGate({ warn: () => {} }, 'test');
    const throwing = Object.defineProperty({ id: 1 }, 'type', { get() { throw new Error('gotcha'); }, enumerable: true });
    const proxy = new Proxy({}, { ownKeys() { throw new Error('no keys'); }, get() { throw new Error('no get'); } });
    assert.equal(gate.accept(throwing), undefined);
    assert.equal(gate.accept(proxy), undefined);
    assert.equal(gate.dropped, 2);
  });
});

describe('MessageGate', () => {
  it('drops and logs invalid messages, passes valid ones, and does not flood the log', () => {
    const logged: string[] = [];
    const gate = new MessageGate({ warn: (m) => logged.push(m) }, 'cauchy.clipexp.json', 5);
    assert.deepEqual(gate.accept(VALID[2]), VALID[2]);
    assert.equal(gate.accept({ type: 'eval', id: 1, code: 'x' }), undefined);
    assert.match(logged[0], /dropped a message from the cauchy\.clipexp\.json panel: unknown message type "eval"/);
    for (let i = 0; i < 1000; i++) gate.accept({ type: 'junk', id: i });
    assert.equal(gate.dropped, 1001);
    assert.ok(logged.length <= 5 + 10, `${logged.length} log lines`);
  });
});

class FakePort implements WebviewPort {
  posted: unknown[] = [];
  private listener: ((m: unknown) => void) | undefined;
  postMessage(message: unknown) {
    this.posted.push(message);
    return Promise.resolve(true);
  }
  onDidReceiveMessage(listener: (m: unknown) => void) {
    this.listener = listener;
    return { dispose: () => (this.listener = undefined) };
  }
  send(message: unknown) {
    this.listener?.(message);
  }
}

describe('PanelConnection', () => {
  it('posts nothing before ready, and accepts nothing but ready before it', () => {
    const port = new FakePort();
    const connection = new PanelConnection(port, new MessageGate({ warn: () => {} }, 'x'));
    const received: WebviewMessage[] = [];
    connection.onMessage = (m) => received.push(m);
    assert.equal(connection.post({ type: 'status', text: 'Done', running: false, done: 0, total: 0 }), undefined);
    port.send({ type: 'command', id: 1, command: 'run' });
    assert.equal(port.posted.length, 0);
    assert.equal(received.length, 0);
    let readies = 0;
    connection.onHandshake = () => readies++;
    port.send({ type: 'ready', id: 2, state: null });
    assert.equal(readies, 1);
    const id = connection.post({ type: 'status', text: 'Done', running: false, done: 0, total: 0 });
    assert.equal(typeof id, 'number');
    assert.equal(port.posted.length, 1);
    port.send({ type: 'command', id: 3, command: 'run' });
    port.send({ type: 'command', id: 4, command: 'format-disk' });
    assert.deepEqual(received, [{ type: 'command', id: 3, command: 'run' }]);
  });

  it('routes replies to requests by id and fails them when the page reloads or closes', async () => {
    const port = new FakePort();
    const connection = new PanelConnection(port, new MessageGate({ warn: () => {} }, 'x'));
    port.send({ type: 'ready', id: 1, state: null });
    const answer = connection.request({ type: 'requestPng' });
    const requestId = (port.posted[0] as { id: number }).id;
    port.send({ type: 'png', id: 2, inReplyTo: requestId + 100, dataUrl: 'data:image/png;base64,AAAA' }); // not ours: ignored
    port.send({ type: 'png', id: 3, inReplyTo: requestId, dataUrl: 'data:image/png;base64,iVBORw0KGgo=' });
    assert.equal(((await answer) as { dataUrl: string }).dataUrl, 'data:image/png;base64,iVBORw0KGgo=');

    const lost = connection.request({ type: 'requestPng' });
    port.send({ type: 'ready', id: 4, state: null }); // reloaded page
    await assert.rejects(lost, /reloaded/);
    const closed = connection.request({ type: 'requestPng' });
    connection.dispose();
    await assert.rejects(closed, /closed/);
    assert.equal(connection.post({ type: 'requestPng' }), undefined);
  });

  it('times out a request the page never answers', async () => {
    const port = new FakePort();
    const connection = new PanelConnection(port, new MessageGate({ warn: () => {} }, 'x'));
    port.send({ type: 'ready', id: 1, state: null });
    await assert.rejects(connection.request({ type: 'requestPng' }, { timeoutMs: 20 }), /no reply to "requestPng"/);
  });
});
