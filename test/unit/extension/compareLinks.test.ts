// Two experiments side by side: shared axis ranges (the union of both), axis modes that follow each
// other, each panel's compare table fed with the other's runs; unlinking restores own axes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompareLinks } from '../../../src/extension/panel/compareLinks';
import { ExperimentSession, type SessionServices } from '../../../src/extension/session/experimentSession';
import { MessageGate } from '../../../src/extension/panel/messageValidation';
import { PanelConnection, type WebviewPort } from '../../../src/extension/panel/panelConnection';
import { PanelView } from '../../../src/extension/panel/panelView';
import { experimentInfo } from '../../../src/extension/panel/runSummary';
import { finishedRun } from '../../../src/extension/panel/seriesMessages';
import type { HostMessage } from '../../../src/shared/webviewProtocol';
import { tinyConfig } from './helpers';

class Page implements WebviewPort {
  messages: HostMessage[] = [];
  private listener?: (m: unknown) => void;
  postMessage(m: unknown) { this.messages.push(m as HostMessage); return Promise.resolve(true); }
  onDidReceiveMessage(l: (m: unknown) => void) { this.listener = l; return { dispose() {} }; }
  send(m: unknown) { this.listener?.(m); }
  links() { return this.messages.filter((m): m is Extract<HostMessage, { type: 'link' }> => m.type === 'link'); }
}

/** A session with finished results, without running anything. */
function session(uri: string, horizon: number, riskScale: number) {
  const config = tinyConfig({ horizon });
  const s = new ExperimentSession({ uriString: uri, fileName: uri.split('/').pop()!, version: 1, getText: () => '' }, {} as SessionServices);
  s.config = config;
  s.info = experimentInfo(config, uri, s.document.fileName);
  s.grid = Float64Array.from({ length: 20 }, (_, i) => (i === 0 ? 0 : horizon * 10 ** (-3 + (3 * (i - 1)) / 18)));
  s.runs = s.info.runs.map((info) => {
    const risk = Array.from(s.grid!, (t) => riskScale / (1 + t));
    return finishedRun(info, { name: info.name, status: 'ok', ode: { risk, mu: risk, nu: risk, threshold: risk, ccc: risk }, sgd: null, hsgd: null }, false, 0);
  });
  const page = new Page();
  const view = new PanelView(new PanelConnection(page, new MessageGate({ warn() {} }, 'x')));
  s.attach(view);
  page.send({ type: 'ready', id: 1, state: null });
  view.sendSnapshot(s.snapshot());
  return { s, page, view };
}

describe('CompareLinks', () => {
  it('sends both panels the union of their ranges and the runs of the other', () => {
    const a = session('file:///a.clipexp.json', 10, 1);
    const b = session('file:///b.clipexp.json', 40, 3);
    const sessions = new Map([[a.s.document.uriString, a.s], [b.s.document.uriString, b.s]]);
    const links = new CompareLinks((uri) => sessions.get(uri));
    links.link(a.s.document.uriString, b.s.document.uriString);
    const la = a.page.links().at(-1)!;
    const lb = b.page.links().at(-1)!;
    assert.equal(la.peerFileName, 'b.clipexp.json');
    assert.equal(lb.peerFileName, 'a.clipexp.json');
    assert.deepEqual(la.x, { min: 0.01, max: 40 }); // log axis: smallest positive t of both grids
    assert.deepEqual(la.x, lb.x);
    assert.deepEqual(la.y, lb.y);
    assert.ok(Math.abs(la.y!.max - 3) < 1e-12);
    assert.deepEqual(la.peerRuns.map((r) => r.name), ['SGD', 'clip', 'heuristic']);
    assert.ok(Math.abs(la.peerRuns[0].finalRisk! - 3 / 41) < 1e-12);
  });

  it('links the y axis to the visible runs only (a hidden run does not squash the others)', () => {
    const a = session('file:///a.clipexp.json', 10, 1);
    const b = session('file:///b.clipexp.json', 10, 5e4);
    const sessions = new Map([[a.s.document.uriString, a.s], [b.s.document.uriString, b.s]]);
    const links = new CompareLinks((uri) => sessions.get(uri));
    links.link(a.s.document.uriString, b.s.document.uriString);
    assert.ok(Math.abs(a.page.links().at(-1)!.y!.max - 5e4) < 1e-6);
    // b's panel hides its runs but one, which the user then scales down to the visible part.
    b.view.state = { ...b.view.state, hidden: ['SGD', 'clip', 'heuristic'] };
    links.refresh(b.s);
    const ya = a.page.links().at(-1)!.y!;
    assert.ok(Math.abs(ya.max - 1) < 1e-12, `max ${ya.max}`);
    assert.deepEqual(b.page.links().at(-1)!.y, ya);
    b.view.state = { ...b.view.state, hidden: ['SGD', 'clip'] };
    links.refresh(a.s);
    assert.ok(Math.abs(a.page.links().at(-1)!.y!.max - 5e4) < 1e-6, 'a visible run counts again');
  });

  it('an axis toggle in one panel switches the other panel too; unlinking frees it', () => {
    const a = session('file:///a.clipexp.json', 10, 1);
    const b = session('file:///b.clipexp.json', 10, 2);
    const sessions = new Map([[a.s.document.uriString, a.s], [b.s.document.uriString, b.s]]);
    const links = new CompareLinks((uri) => sessions.get(uri));
    links.link(a.s.document.uriString, b.s.document.uriString);
    b.page.messages.length = 0;
    links.scalesChanged(a.s, 'linear', 'linear');
    assert.equal(b.view.state.xScale, 'linear');
    assert.equal(b.page.messages.filter((m) => m.type === 'grid').length, 1, 'the other panel is re-decimated for its new axis');
    const lb = b.page.links().at(-1)!;
    assert.equal(lb.xScale, 'linear');
    assert.equal(lb.x!.min, 0, 'a linear axis starts at t = 0');
    assert.equal(lb.y!.min, 0);
    links.forget(a.s);
    const last = b.page.links().at(-1)!;
    assert.equal(last.peerFileName, null);
    assert.equal(last.x, null);
    assert.equal(links.peerOf(b.s.document.uriString), undefined);
  });
});
