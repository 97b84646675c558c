// Two experiments compared side by side: their panels share axis ranges and axis modes, and each
// panel's compare table lists the other's runs. Pure: sessions and views only.
import type { AxisRange, AxisScale, PeerRun } from '../../shared/webviewProtocol';
import { sample, selectIndices } from './decimate';
import type { ExperimentSession } from '../session/experimentSession';
import type { LinkView } from '../../shared/webviewProtocol';
import { finalRisk } from './runSummary';
import { riskRange } from './seriesMessages';

const PEER_CURVE_POINTS = 150;

function union(a: AxisRange | null, b: AxisRange | null): AxisRange | null {
  if (!a) return b;
  if (!b) return a;
  return { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
}

function timeRange(session: ExperimentSession, positiveOnly: boolean): AxisRange | null {
  const grid = session.grid;
  if (!grid || grid.length === 0) return null;
  let min = Infinity;
  for (const t of grid) if (!positiveOnly || t > 0) { min = t; break; }
  const max = grid[grid.length - 1];
  return Number.isFinite(min) && max >= min ? { min, max } : null;
}

/**
 * The runs shown in at least one panel of the session: hidden runs must not stretch the linked axes
 * (a hidden Cauchy run at 5e4 would squash every visible curve).
 */
export function visibleRuns(session: ExperimentSession) {
  const views = [...session.views];
  if (views.length === 0) return session.runs;
  return session.runs.filter((run) => views.some((view) => !view.state.hidden.includes(run.info.name)));
}

export function peerRuns(session: ExperimentSession): PeerRun[] {
  const grid = session.grid;
  if (!grid) return [];
  const indices = selectIndices(grid, 'log', PEER_CURVE_POINTS);
  const t = sample(grid, indices);
  return session.runs.map((run) => {
    const curve = run.sgd?.median ?? run.ode?.risk ?? [];
    return { name: run.info.name, params: run.info.params, finalRisk: finalRisk(run).value, t, risk: sample(curve, indices) };
  });
}

export class CompareLinks {
  /** uri -> the uri it is linked with (both directions). */
  private readonly peers = new Map<string, string>();
  private readonly scales = new Map<string, { x: AxisScale; y: AxisScale }>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly lookup: (uri: string) => ExperimentSession | undefined) {}

  link(a: string, b: string): void {
    for (const uri of [a, b]) {
      const old = this.peers.get(uri);
      if (old) this.peers.delete(old);
    }
    this.peers.set(a, b);
    this.peers.set(b, a);
    const key = this.pairKey(a, b);
    if (!this.scales.has(key)) this.scales.set(key, { x: 'log', y: 'log' });
    for (const uri of [a, b]) {
      const session = this.lookup(uri);
      if (session) this.refresh(session);
    }
  }

  peerOf(uri: string): string | undefined {
    return this.peers.get(uri);
  }

  private pairKey(a: string, b: string): string {
    return [a, b].sort().join('\n');
  }

  /** A session closed: its partner's panels go back to their own axes. */
  forget(session: ExperimentSession): void {
    const uri = session.document.uriString;
    const peer = this.peers.get(uri);
    if (!peer) return;
    this.peers.delete(uri);
    this.peers.delete(peer);
    this.scales.delete(this.pairKey(uri, peer));
    const other = this.lookup(peer);
    if (other) for (const view of other.views) if (view.ready) view.sendLink(unlinked());
  }

  /** One panel of a linked pair toggled an axis: the other panels follow. */
  scalesChanged(session: ExperimentSession, x: AxisScale, y: AxisScale): void {
    const uri = session.document.uriString;
    const peer = this.peers.get(uri);
    if (!peer) return;
    this.scales.set(this.pairKey(uri, peer), { x, y });
    for (const s of [session, this.lookup(peer)]) {
      if (!s) continue;
      for (const view of s.views) if (view.state.xScale !== x || view.state.yScale !== y) s.setScales(view, x, y);
    }
    this.refresh(session);
  }

  /** Refreshes a linked pair soon (results stream in; ranges need not follow every seed). */
  scheduleRefresh(session: ExperimentSession, delayMs = 250): void {
    const uri = session.document.uriString;
    if (!this.peers.has(uri) || this.timers.has(uri)) return;
    this.timers.set(uri, setTimeout(() => {
      this.timers.delete(uri);
      this.refresh(session);
    }, delayMs));
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Sends both panels of a pair the shared axis ranges and each other's runs. */
  refresh(session: ExperimentSession): void {
    const uri = session.document.uriString;
    const peerUri = this.peers.get(uri);
    if (!peerUri) return;
    const peer = this.lookup(peerUri);
    if (!peer) return;
    const scales = this.scales.get(this.pairKey(uri, peerUri)) ?? { x: 'log', y: 'log' };
    const x = union(timeRange(session, scales.x === 'log'), timeRange(peer, scales.x === 'log'));
    const y = union(riskRange(visibleRuns(session), scales.y === 'log'), riskRange(visibleRuns(peer), scales.y === 'log'));
    const send = (target: ExperimentSession, other: ExperimentSession) => {
      const link: LinkView = {
        peerFileName: other.document.fileName,
        peerParams: other.info?.params ?? null,
        peerRuns: peerRuns(other),
        x,
        y: y && scales.y === 'linear' ? { min: Math.min(0, y.min), max: y.max } : y,
        xScale: scales.x,
        yScale: scales.y,
      };
      for (const view of target.views) if (view.ready) view.sendLink(link);
    };
    send(session, peer);
    send(peer, session);
  }
}

export function unlinked(): LinkView {
  return { peerFileName: null, peerParams: null, peerRuns: [], x: null, y: null, xScale: null, yScale: null };
}
