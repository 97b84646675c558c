// The session with the real engine (worker threads, tiny configs): ODE first then seeds, streamed to
// the panel; edits restart only the changed runs (the others come from the cache); Stop, edits and
// closing cancel; the panel sees problems instead of going blank; suggestions are computed in a worker.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '../../../src/engine/config/limits';
import type { RunResult, Suggestion } from '../../../src/engine/results/types';
import { EngineHost } from '../../../src/extension/session/engineAdapter';
import { ExperimentSession, type SessionDocument } from '../../../src/extension/session/experimentSession';
import { MessageGate } from '../../../src/extension/panel/messageValidation';
import { PanelConnection, type WebviewPort } from '../../../src/extension/panel/panelConnection';
import { PanelView } from '../../../src/extension/panel/panelView';
import { ResultCache } from '../../../src/extension/session/resultCache';
import type { HostMessage } from '../../../src/shared/webviewProtocol';
import { divergenceMarkers } from '../../../src/shared/chartConfig';
import { chartRuns, emptyModel } from '../../../webview/model';
import { runBadges } from '../../../webview/runBadges';
import { testWorkerScript } from '../pool/buildWorker';
import { configText, tinyConfig } from './helpers';

const quiet = { info() {}, warn() {}, error() {} };
const dirs: string[] = [];
const hosts: EngineHost[] = [];
after(async () => {
  for (const host of hosts) await host.closePool();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

class Doc implements SessionDocument {
  version = 1;
  constructor(private text: string, readonly uriString = 'file:///tmp/tiny.clipexp.json', readonly fileName = 'tiny.clipexp.json') {}
  getText() {
    return this.text;
  }
  edit(text: string) {
    this.text = text;
    this.version++;
  }
}

/** A webview stand-in that records what the host posts. */
class Page implements WebviewPort {
  messages: HostMessage[] = [];
  private listener?: (m: unknown) => void;
  postMessage(m: unknown) {
    this.messages.push(m as HostMessage);
    return Promise.resolve(true);
  }
  onDidReceiveMessage(listener: (m: unknown) => void) {
    this.listener = listener;
    return { dispose() {} };
  }
  send(m: unknown) {
    this.listener?.(m);
  }
  of<T extends HostMessage['type']>(type: T): Extract<HostMessage, { type: T }>[] {
    return this.messages.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);
  }
}

function setup(text: string, cacheDir?: string) {
  const dir = cacheDir ?? mkdtempSync(join(tmpdir(), 'clipexp-session-'));
  dirs.push(dir);
  const engine = new EngineHost({ workerScript: testWorkerScript(), threads: () => 2, limits: () => DEFAULT_LIMITS, log: quiet });
  hosts.push(engine);
  const cache = new ResultCache<RunResult>(join(dir, 'runs'));
  const suggestionCache = new ResultCache<Suggestion>(join(dir, 'suggestions'));
  const computed: number[][] = [];
  const counting = Object.create(engine) as EngineHost;
  counting.run = (config, options) => {
    computed.push([...(options.runIndices ?? [])]);
    return engine.run(config, options);
  };
  const doc = new Doc(text);
  const logged: string[] = [];
  const log = { ...quiet, info: (m: string) => logged.push(m) };
  const session = new ExperimentSession(doc, { engine: counting, cache, suggestionCache, log, onDidChange() {} });
  const page = new Page();
  const view = new PanelView(new PanelConnection(page, new MessageGate(quiet, 'test')));
  session.attach(view);
  page.send({ type: 'ready', id: 1, state: null });
  return { session, doc, page, view, cache, computed, dir, logged };
}

describe('ExperimentSession (real engine, worker threads)', () => {
  it('streams the ODE first, then the seeds, and ends with "Done" and a suggestion', async () => {
    const { session, page } = setup(configText(tinyConfig()));
    await session.start('test');
    assert.equal(session.status.text, 'Done');
    const runs = page.of('run');
    const firstWithSgd = runs.findIndex((m) => m.series.sgd !== null);
    const firstWithOde = runs.findIndex((m) => m.series.ode !== null);
    assert.ok(firstWithOde >= 0 && firstWithSgd >= 0);
    assert.ok(firstWithOde <= firstWithSgd, 'an ODE curve arrives no later than the first seeds');
    const statuses = page.of('status').map((m) => m.text);
    assert.ok(statuses.some((s) => /^Running: \d+\/9 seeds$/.test(s)), statuses.join(' | '));
    assert.equal(statuses[statuses.length - 1], 'Done');
    const final = new Map(runs.map((m) => [m.series.name, m.series]));
    for (const name of ['SGD', 'clip', 'heuristic']) {
      const s = final.get(name)!;
      assert.ok(s.status === 'ok' || s.status === 'diverged', `${name}: ${s.status}`);
      assert.equal(s.seedsDone, 3);
      assert.ok(s.sgd && s.sgd.median instanceof Float64Array);
      // The final risk shown is the full-resolution SGD median at the horizon.
      const result = session.runs.find((r) => r.info.name === name)!.result!;
      assert.equal(s.finalRisk, result.sgd!.median[result.sgd!.median.length - 1]);
      assert.equal(s.finalRiskSource, 'sgd');
    }
    const suggestion = page.of('suggestion').at(-1)!;
    assert.equal(suggestion.state, 'ready');
    // Computed with the run (right after the ODEs), not after the last seed.
    const readyAt = page.messages.findIndex((m) => m.type === 'suggestion' && m.state === 'ready');
    const doneAt = page.messages.findIndex((m) => m.type === 'status' && m.text === 'Done');
    assert.ok(readyAt >= 0 && readyAt < doneAt, `suggestion at ${readyAt}, Done at ${doneAt}`);
    assert.ok(suggestion.suggestion!.heuristic.param > 0);
    assert.ok(session.suggestionFor(suggestion.suggestion!.suggestionId));
  });

  it('recomputes only the run whose parameters changed; the others come from the cache', async () => {
    const config = tinyConfig();
    const { session, doc, computed, page } = setup(configText(config));
    await session.start('open');
    assert.deepEqual(computed, [[0, 1, 2]]);
    const before = session.runs.map((r) => r.result);

    config.runs[1] = { name: 'clip', lr: 0.5, clip: { kind: 'constant', threshold: 5 } };
    doc.edit(configText(config));
    session.documentChanged();
    page.messages.length = 0;
    await session.start('saved');
    assert.deepEqual(computed[1], [1]);
    assert.equal(session.runs[0].fromCache, true);
    assert.equal(session.runs[2].fromCache, true);
    assert.equal(session.runs[1].fromCache, false);
    assert.deepEqual(session.runs[0].result!.sgd!.median, before[0]!.sgd!.median);
    assert.notDeepEqual(session.runs[1].result!.ode!.risk, before[1]!.ode!.risk);
    // Cached runs are on screen at once: sent before any computed one.
    const firstRun = page.of('run')[0];
    assert.equal(firstRun.series.fromCache, true);

    // Nothing changed: nothing computed at all.
    await session.start('again');
    assert.equal(computed.length, 2);
    assert.equal(session.status.text, 'Done');
  });

  it('one save = one run: a second automatic start for the same text joins or skips it', async () => {
    const config = tinyConfig({ seed: 11 });
    const { session, doc, computed, page, logged } = setup(configText(config));
    // The save event twice while the first run is computing (text editor beside the panel).
    const first = session.start('saved', { ifStale: true });
    const second = session.start('saved', { ifStale: true });
    await Promise.all([first, second]);
    assert.deepEqual(computed, [[0, 1, 2]]);
    assert.equal(logged.filter((m) => m.endsWith('run (saved)')).length, 1, logged.join(' | '));
    assert.ok(session.runs.every((r) => !r.fromCache), 'the computed runs keep no "cached" badge');

    // "Add as run" starts the new text, then the user saves it: one run, computing only the new run.
    doc.edit(configText({ ...config, runs: [...config.runs, { name: 'added', lr: 0.5, clip: { kind: 'constant', threshold: 7 } }] }));
    session.documentChanged();
    const added = session.start('suggested run added', { ifStale: true });
    const saved = session.start('saved', { ifStale: true });
    await Promise.all([added, saved]);
    // A save after it ended does nothing either.
    page.messages.length = 0;
    await session.start('saved', { ifStale: true });
    assert.deepEqual(computed, [[0, 1, 2], [3]]);
    assert.equal(page.of('run').length, 0, 'nothing re-sent');
    assert.equal(session.runs[3].fromCache, false);
    assert.equal(session.status.text, 'Done');

    // Run (not automatic) recomputes what is not cached; after a Stop a save runs again.
    await session.start('Run button');
    assert.equal(computed.length, 2, 'everything from the cache');
    assert.ok(session.runs.every((r) => r.fromCache));
    session.setHsgd(true);
    session.stop('test');
    await session.whenIdle();
    await session.start('saved', { ifStale: true });
    assert.equal(computed.length, 3, 'stopped work is redone on the next save');
  });

  it('Cauchy noise without clipping: the ODE risk is infinite, the SGD seeds are not diverged', async () => {
    // tinyConfig: Student-t with 1 dof (Cauchy), run 0 unclipped; a fourth run with a far too large lr.
    const config = tinyConfig({ seed: 21, runs: [...tinyConfig().runs, { name: 'too fast', lr: 1000 }] });
    config.problem.noise = { kind: 'studentT', dof: 1, scale: 0.5 };
    const { session, page } = setup(configText(config));
    await session.start('open');
    const last = new Map(page.of('run').map((m) => [m.series.name, m.series]));
    const sgd = last.get('SGD')!;
    assert.equal(sgd.status, 'diverged', 'the runner flags the infinite ODE risk');
    assert.equal(sgd.odeRiskInfinite, true);
    assert.ok(sgd.odeDivergedAt !== null && sgd.odeDivergedAt > 0);
    assert.equal(sgd.sgdDivergedAt, null, 'no SGD seed overflowed');
    assert.ok(Number.isFinite(sgd.finalRisk!), 'its SGD median stays finite');
    assert.deepEqual(runBadges(sgd).map((b) => b.text), ['ODE risk infinite (noise variance is infinite)']);
    const chart = chartRuns({ ...emptyModel(null), info: session.info, runs: new Map([...last.values()].map((s) => [s.index, s])) });
    const markers = chart.flatMap((r) => divergenceMarkers(r).map((m) => m.label));
    assert.ok(!markers.some((m) => m.startsWith('SGD')), markers.join(' | '));
    // The clipped runs have a finite ODE; the run with lr 1000 blows up in its seeds (and its ODE).
    assert.equal(last.get('clip')!.status, 'ok');
    const fast = last.get('too fast')!;
    assert.equal(fast.status, 'diverged');
    assert.ok(fast.sgdDivergedAt !== null && fast.sgdDivergedSeeds > 0, JSON.stringify({ at: fast.sgdDivergedAt, n: fast.sgdDivergedSeeds }));
    assert.match(runBadges(fast)[0].text, /^SGD diverged at t = /);
    assert.ok(markers.some((m) => m.startsWith('too fast: SGD diverged at t = ')), markers.join(' | '));
  });

  it('shows the last results of a reopened experiment from the storage folder at once', async () => {
    const text = configText(tinyConfig({ seed: 5 }));
    const first = setup(text);
    await first.session.start('open');
    const reopened = setup(text, first.dir);
    await reopened.session.start('reopen');
    assert.deepEqual(reopened.computed, []);
    assert.ok(reopened.session.runs.every((r) => r.fromCache));
    assert.deepEqual(reopened.session.runs.map((r) => r.result!.sgd!.median), first.session.runs.map((r) => r.result!.sgd!.median));
  });

  it('Stop cancels within 100 ms and keeps the partial results', async () => {
    const big = tinyConfig({ problem: { ...tinyConfig().problem, dim: 3000 }, horizon: 40, seeds: 50 });
    const { session } = setup(configText(big));
    const done = session.start('open');
    while (!session.runs.some((r) => r.ode !== null)) await new Promise((r) => setTimeout(r, 5));
    const t0 = performance.now();
    session.stop('test');
    await done;
    assert.ok(performance.now() - t0 < 100, `took ${performance.now() - t0} ms`);
    assert.equal(session.running, false);
    assert.match(session.status.text, /^Stopped/);
    assert.ok(session.runs.some((r) => r.status === 'stopped'));
    assert.ok(session.runs.some((r) => r.ode !== null), 'partial results kept');
  });

  it('an edit stops the running work; closing the last panel stops it too', async () => {
    const big = tinyConfig({ problem: { ...tinyConfig().problem, dim: 3000 }, horizon: 40, seeds: 50 });
    const a = setup(configText(big));
    const running = a.session.start('open');
    await new Promise((r) => setTimeout(r, 50));
    a.doc.edit(configText({ ...big, horizon: 41 }));
    a.session.documentChanged();
    await running;
    assert.equal(a.session.running, false);
    assert.match(a.session.status.text, /^(Stopped|Edited)/);

    const b = setup(configText({ ...big, seed: 9 }));
    const runningB = b.session.start('open');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(b.session.detach(b.view), true);
    await runningB;
    assert.equal(b.session.running, false);
  });

  it('an invalid file: the panel gets the located problems, the last results stay', async () => {
    const config = tinyConfig();
    const { session, doc, page } = setup(configText(config));
    await session.start('open');
    const shown = session.runs.length;
    doc.edit(configText(config).replace('"dim": 40', '"dim": 0'));
    session.documentChanged();
    const problems = page.of('problems').at(-1)!;
    assert.ok(problems.problems.some((p) => p.severity === 'error' && p.path === 'problem.dim' && p.line > 1));
    await session.start('saved');
    assert.match(session.status.text, /^Error at line \d+/);
    assert.equal(session.runs.length, shown, 'results kept under the error banner');
    doc.edit('{ "version": 1, ');
    await session.start('saved');
    assert.ok(page.of('problems').at(-1)!.problems.length > 0);
  });

  it('decimates per panel and re-sends on an x-axis change', async () => {
    const { session, page, view } = setup(configText(tinyConfig({ record: { points: 3000, spacing: 'linear' }, seeds: 0 })));
    await session.start('open');
    const grid = page.of('grid').at(-1)!;
    assert.ok(grid.t.length < 3000 && grid.t.length >= 100);
    assert.equal(grid.xScale, 'log');
    const run = page.of('run').at(-1)!;
    assert.equal(run.series.ode!.risk.length, grid.t.length);
    page.messages.length = 0;
    page.send({ type: 'setScales', id: 2, xScale: 'linear', yScale: 'log' });
    session.handle(view, { type: 'setScales', id: 2, xScale: 'linear', yScale: 'log' });
    const regrid = page.of('grid');
    assert.equal(regrid.length, 1);
    assert.equal(regrid[0].xScale, 'linear');
    assert.equal(page.of('run').length, 3);
    // seeds = 0: the final risk is the ODE's.
    assert.equal(page.of('run')[0].series.finalRiskSource, 'ode');
  });

  it('computes the C-HSGD band on demand (a rerun with its own cache entries)', async () => {
    const { session, page, computed } = setup(configText(tinyConfig({ seed: 3 })));
    await session.start('open');
    assert.ok(session.runs.every((r) => r.hsgd === null));
    session.setHsgd(true);
    await session.whenIdle();
    assert.deepEqual(computed.at(-1), [0, 1, 2], 'without C-HSGD in the cache, every run is recomputed');
    assert.ok(session.runs.every((r) => r.hsgd !== null && r.hsgd.median.length === 20));
    const last = page.of('run').at(-1)!;
    assert.ok(last.series.hsgd && last.series.hsgd.q90 instanceof Float64Array);
    assert.equal(last.series.seedsTotal, 6);
  });
});
