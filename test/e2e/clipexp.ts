// ClipExp-specific helpers for the e2e tests: open an experiment panel, wait for its results, read
// the chart (window.clipexpChart) and the runs table, and run the real CLI on the same file.
// The panel's DOM contract is documented at the top of webview/main.ts.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { ROOT, WAIT, type Session } from './harness';

export interface ChartPoint { x: number; y: number | null }
export interface DatasetSummary {
  runName: string;
  runIndex: number;
  role: string;
  label: string;
  hidden: boolean;
  /** Chart.js' own view: false when the dataset is hidden (run picker) or its legend item is off. */
  visible: boolean;
  data: ChartPoint[];
}

export interface ChartSummary {
  datasets: DatasetSummary[];
  x: { type: string; min: number; max: number };
  y: { type: string; min: number; max: number };
  tickColor: string;
}

/** The curves of the run named `name` whose role is `role` ('sgd' = SGD median, 'ode' = ODE). */
export function curve(chart: ChartSummary, name: string, role = 'sgd'): DatasetSummary | undefined {
  return chart.datasets.find((d) => d.runName === name && d.role === role);
}

/** Opens an experiment file by Quick Open and waits for the ClipExp panel (its loss chart canvas). */
export async function openExperiment(s: Session, rel: string, panelIndex = 0): Promise<void> {
  await s.openFile(rel);
  await s.webviewFrame(panelIndex).locator('canvas#loss-chart').waitFor({ state: 'visible', timeout: WAIT.webview });
}

/** The panel index whose #experiment-title is `title` (panels are in DOM order, not screen order). */
export async function panelIndexByTitle(s: Session, title: string, timeout = WAIT.webview): Promise<number> {
  const deadline = Date.now() + timeout;
  let seen: string[] = [];
  for (;;) {
    const frames = await s.webviewFrames();
    seen = [];
    for (let i = 0; i < frames.length; i++) {
      const text = (await frames[i].locator('#experiment-title').innerText().catch(() => '')).trim();
      if (text === title) return i;
      seen.push(text);
    }
    if (Date.now() > deadline) throw new Error(`no panel titled "${title}" within ${timeout} ms; titles: ${JSON.stringify(seen)}`);
    await s.page.waitForTimeout(250); // polling interval only
  }
}

/** Waits until the panel's #status says exactly "Done". */
export async function waitForDone(s: Session, panelIndex = 0, timeout = WAIT.compute): Promise<void> {
  await s.webviewFrame(panelIndex).locator('#status', { hasText: /^\s*Done\s*$/ }).waitFor({ state: 'visible', timeout });
}

export async function statusText(s: Session, panelIndex = 0): Promise<string> {
  return (await s.webviewFrame(panelIndex).locator('#status').innerText()).trim();
}

const READ_CHART = `(() => {
  const c = window.clipexpChart;
  if (!c) return null;
  const scale = (s) => ({ type: s.type, min: s.min, max: s.max });
  return {
    datasets: c.data.datasets.map((d, i) => ({
      runName: d.runName, runIndex: d.runIndex, role: d.role, label: d.label, hidden: d.hidden === true,
      visible: c.isDatasetVisible(i),
      data: d.data.map((p) => ({ x: p.x, y: p.y })),
    })),
    x: scale(c.scales.x), y: scale(c.scales.y),
    tickColor: String((c.options.scales && c.options.scales.x && c.options.scales.x.ticks && c.options.scales.x.ticks.color) || ''),
  };
})()`;

/** Reads the main loss chart from the page (not from a log). */
export async function readChart(s: Session, panelIndex = 0): Promise<ChartSummary> {
  const frame = await s.webviewFrameHandle(panelIndex, 'canvas#loss-chart');
  // A string, not a function: tsx's transform would add helpers (__name) that the page does not have.
  const chart = await frame.evaluate(READ_CHART);
  if (!chart) throw new Error('window.clipexpChart is not set in the panel');
  return chart as ChartSummary;
}

/** Polls the chart until `ready(chart)` holds; returns that chart. */
export async function waitForChart(s: Session, ready: (chart: ChartSummary) => boolean, panelIndex = 0, timeout = WAIT.compute): Promise<ChartSummary> {
  const deadline = Date.now() + timeout;
  let last: ChartSummary | undefined;
  let failure = '';
  for (;;) {
    last = await readChart(s, panelIndex).catch((error) => { failure = String(error?.message ?? error); return undefined; });
    if (last && ready(last)) return last;
    if (Date.now() > deadline) {
      const seen = last ? last.datasets.map((d) => `${d.runName}/${d.role}(${d.data.filter((p) => p.y !== null).length} pts)`).join(', ') : `no chart (${failure})`;
      throw new Error(`the chart did not reach the expected state within ${timeout} ms; it has: ${seen}`);
    }
    await s.page.waitForTimeout(250); // polling interval only; the condition decides
  }
}

/** Number of drawable points of a dataset. */
export function drawn(d: DatasetSummary | undefined): number {
  return d ? d.data.filter((p) => p.y !== null && Number.isFinite(p.y)).length : 0;
}

/** Run names in table order, and the final risk each row shows (data-value; null while unknown). */
export async function finalRisks(s: Session, panelIndex = 0): Promise<Map<string, number | null>> {
  const rows = s.webviewFrame(panelIndex).locator('table#runs-table tbody tr[data-run]');
  const entries = await rows.evaluateAll((trs) => trs.map((tr) => {
    const cell = tr.querySelector('td.final-risk');
    const value = cell?.getAttribute('data-value');
    return [tr.getAttribute('data-run') ?? '', value === null || value === undefined ? null : Number(value)] as [string, number | null];
  }));
  return new Map(entries);
}

/** The result JSON (v1) of `clipexp run FILE`, by the built CLI. */
export function cliRun(file: string, extra: string[] = []): any {
  const out = execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'run', file, ...extra], {
    encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out);
}

/** A .clipexp.json file's value (JSONC). */
export function readExperiment(s: Session, rel: string): any {
  return parseJsonc(s.readWorkspaceFile(rel), [], { allowTrailingComma: true });
}

/** Relative difference, symmetric; 0 when both are 0. */
export function relDiff(a: number, b: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 ? 0 : Math.abs(a - b) / scale;
}

/** 1-based line of the first occurrence of `needle` in `text`. */
export function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`"${needle}" is not in the text`);
  return text.slice(0, i).split('\n').length;
}
