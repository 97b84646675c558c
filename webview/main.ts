// The ClipExp experiment panel (runs inside a VS Code webview; built to dist/webview.js).
//
// ---- DOM contract for the e2e tests (keep stable) ---------------------------------------------------
// window.clipexpChart        the Chart.js instance of the main loss chart (canvas#loss-chart).
//   Several datasets per run; each dataset has `runName`, `runIndex` and `role`:
//     'sgd'       SGD median (one per run when seeds > 0)       'sgd-q10' / 'sgd-q90'  the 10-90% band
//     'ode'       ODE prediction (dashed)                      'hsgd-q10' / 'hsgd-q90' C-HSGD band (on demand)
//     'diverged'  a marker at the divergence time
//   One curve per run = datasets with role 'sgd', or role 'ode' when the experiment has seeds = 0.
//   `dataset.hidden` is true for runs hidden with the run picker.
// #status                    "Running: 3/24 seeds" (or "Running: 2/5 ODEs" with seeds = 0) while running,
//                            exactly "Done" when finished; "Stopped (...)", "Failed: ...",
//                            "Edited: save or Run to update", "Error at line N: fix the file to run".
// table#runs-table           tbody tr[data-run="<name>"], one per run, in config order, with
//                            data-status = pending | running | ok | diverged | failed | stopped and
//                            data-from-cache = "true" when the run was unchanged and came from the cache
//                            (so "only the edited run was recomputed" is visible); each row has
//                            td.final-risk whose data-value is the full-precision final risk (SGD
//                            median at the horizon, or the ODE when seeds = 0); the cell text is the
//                            same number rounded to 3 significant digits. No data-value until known.
// #suggestion                the Suggest card (hidden until a suggestion is computing or ready);
//   button#add-suggested-run  "Add as run", disabled until the suggestion is ready; after a click,
//                            #suggestion-message says "Added run \"<name>\"" (or why not). The new run
//                            is named "suggested heuristic kappa=<kappa>" and appended to `runs`.
// #run-picker                input[type=checkbox][data-run="<name>"]: unchecking hides the run.
// #error-banner              visible (not [hidden]) when the file has errors: "<file> has an error on
//                            line N" and "<file>:<line>:<col> <path>: <message>" items. The last
//                            results stay visible under it. Warnings go to #warning-banner instead.
// #export-csv, #export-json, #export-png   buttons; the host asks where to save (a save dialog).
//                            #export-message shows "Exported to <path>". For scripted exports use the
//                            command: executeCommand('clipexp.export', 'csv' | 'json' | 'png', targetPath).
// #x-scale, #y-scale         buttons toggling log <-> linear; text "x: log" / "x: linear", and
//                            data-scale="log" | "linear".
// #show-hsgd                 checkbox: C-HSGD band (computes it on demand).
// #compare-table             runs with only the differing parameters (and the linked file's runs);
//                            its title is "Compare with <other file>" when two experiments are linked.
// #link-note                 visible "Axes linked with <other file>" in a compared panel.
// #run-button, #stop-button  Run / Stop.
// canvas#phase-map           the CCC phase map (webview/phaseMap.ts): data-helps "true" | "false" | "all",
//                            data-trajectories (runs drawn), data-kappa (once a suggestion is ready).
//
// Notes for the e2e tests
// - Chart x values are the exact record-grid times of the result (`clipexp run` JSON "t"), a subset of
//   them when the grid has more points than the chart draws; on a log x axis t = 0 is left out.
// - Final risks vs `clipexp run`: the extension host runs on code-server's Node 24, the CLI on Node 20;
//   V8's Math functions may differ in the last bit, so compare with a relative tolerance (1e-9).
// - The panel runs on open and on save (setting clipexp.runOn: "save" | "edit"); "Add as run" edits
//   the document (unsaved, undoable) and runs it at once; the other runs come from the cache
//   (their rows get data-from-cache="true").
// - Palette: New Experiment, Compare Experiments..., Show Output always; Run Experiment and Suggest
//   Clipping Schedule when an experiment is the active editor (panel or text); Export Results... when
//   an experiment panel is active; Stop only while the active experiment runs.
// - New Experiment: an input box (prefilled "My experiment"); writes <slug>.clipexp.json into the first
//   workspace folder and opens it. Compare Experiments...: one quick pick (the other experiment; the
//   first is the active one), then both panels open side by side. Export Results...: a quick pick
//   (CSV / JSON / PNG), then the save dialog prefilled with <name>.results.csv (or .json, or <name>.png)
//   next to the experiment; executeCommand('clipexp.export', format, targetPath) skips both.
// - While running, a status bar item "ClipExp <file>: 3/24 seeds" stops the run when clicked.
// ------------------------------------------------------------------------------------------------------
import { hasErrors, type HostMessage, type PanelState } from '../src/shared/webviewProtocol';
import { autoTargetRisk } from '../src/shared/riskMetrics';
import { cccPlotState, INFINITE_CCC_NOTE } from '../src/shared/chartConfig';
import { renderBanners } from './banners';
import { Charts } from './charts';
import { renderCompareTable } from './compareTable';
import { PhaseMapView } from './phaseMap';
import { byId } from './dom';
import { apply, chartRuns, emptyModel, type Changes } from './model';
import { renderRunPicker } from './runPicker';
import { renderRunsTable } from './runsTable';
import { renderSuggestionCard } from './suggestionCard';
import { readTheme, watchTheme } from './theme';
import { act, channel, loadState, post, request, saveState } from './vscodeApi';

const model = emptyModel(loadState());
let theme = readTheme();

const elements = {
  title: byId('experiment-title'),
  status: byId('status'),
  run: byId<HTMLButtonElement>('run-button'),
  stop: byId<HTMLButtonElement>('stop-button'),
  errorBanner: byId('error-banner'),
  errorText: byId('error-text'),
  warningBanner: byId('warning-banner'),
  openText: byId<HTMLButtonElement>('open-text-button'),
  xScale: byId<HTMLButtonElement>('x-scale'),
  yScale: byId<HTMLButtonElement>('y-scale'),
  showHsgd: byId<HTMLInputElement>('show-hsgd'),
  linkNote: byId('link-note'),
  picker: byId('run-picker'),
  runsBody: byId<HTMLTableElement>('runs-table').tBodies[0],
  targetRisk: byId<HTMLInputElement>('target-risk'),
  suggestion: byId('suggestion'),
  suggestionBody: byId('suggestion-body'),
  suggestionMessage: byId('suggestion-message'),
  addRun: byId<HTMLButtonElement>('add-suggested-run'),
  recompute: byId<HTMLButtonElement>('recompute-suggestion'),
  compareTable: byId<HTMLTableElement>('compare-table'),
  compareTitle: byId('compare-title'),
  compareHint: byId('compare-hint'),
  exportMessage: byId('export-message'),
  cccNote: byId('ccc-note'),
  emptyHint: byId('empty-hint'),
};

const phaseMap = new PhaseMapView(byId<HTMLCanvasElement>('phase-map'), byId('phase-map-caption'));

const charts = new Charts({
  loss: byId<HTMLCanvasElement>('loss-chart'),
  threshold: byId<HTMLCanvasElement>('threshold-chart'),
  factors: byId<HTMLCanvasElement>('factors-chart'),
  ccc: byId<HTMLCanvasElement>('ccc-chart'),
  suggestion: byId<HTMLCanvasElement>('suggestion-chart'),
});

// ---- state ---------------------------------------------------------------------------------------

function setState(next: Partial<PanelState>): void {
  model.state = { ...model.state, ...next };
  saveState(model.state);
  post({ type: 'stateChanged', state: model.state });
}

function toggleRun(name: string, visible: boolean): void {
  const hidden = new Set(model.state.hidden);
  if (visible) hidden.delete(name);
  else hidden.add(name);
  setState({ hidden: [...hidden] });
  invalidate({ chart: true, table: true, picker: true });
}

function setAllRuns(visible: boolean): void {
  setState({ hidden: visible ? [] : (model.info?.runs ?? []).map((r) => r.name) });
  invalidate({ chart: true, table: true, picker: true });
}

function targetRisk(): number | null {
  return model.state.targetRisk ?? autoTargetRisk([...model.runs.values()].map((r) => r.finalRisk));
}

// ---- rendering (batched per animation frame) ---------------------------------------------------------

let pending: Changes & { picker?: boolean } = {};
let frame = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let lastRender = 0;
let renderCost = 0;

/**
 * Schedules a redraw. Streamed results (`streamed`) are coalesced: at most one redraw per max(150 ms,
 * 4 x the last redraw's cost), so 100 runs streaming seeds keep the panel responsive; user actions
 * redraw at the next frame.
 */
function invalidate(changes: Changes & { picker?: boolean }, streamed = false): void {
  pending = { ...pending, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v)) };
  if (frame) return;
  const wait = streamed ? lastRender + Math.max(150, 4 * renderCost) - performance.now() : 0;
  if (wait > 0) {
    timer ??= setTimeout(() => {
      timer = undefined;
      if (!frame) frame = requestAnimationFrame(render);
    }, wait);
    return;
  }
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  frame = requestAnimationFrame(render);
}

function renderScales(): void {
  for (const [button, axis, scale] of [[elements.xScale, 'x', model.state.xScale], [elements.yScale, 'y', model.state.yScale]] as const) {
    button.textContent = `${axis}: ${scale}`;
    button.dataset.scale = scale;
    button.setAttribute('aria-pressed', String(scale === 'log'));
  }
  elements.showHsgd.checked = model.state.showHsgd;
}

function render(): void {
  frame = 0;
  const changes = pending;
  pending = {};
  const started = performance.now();
  try {
    if (changes.scales) renderScales();
    // Nothing to show yet (e.g. a file that was invalid from the start): only the banner and a hint.
    const empty = model.info === null && model.runs.size === 0;
    document.body.classList.toggle('empty', empty);
    elements.emptyHint.hidden = !empty || model.problems.length === 0;
    elements.emptyHint.textContent = 'The experiment runs as soon as the file is valid.';
    if (changes.problems) {
      renderBanners(elements.errorBanner, elements.errorText, elements.warningBanner, model.fileName, model.problems, model.runs.size > 0);
    }
    if (changes.status || changes.problems) {
      // Run is off while running and while the file has errors (there is nothing valid to run).
      const errors = hasErrors(model.problems);
      elements.run.disabled = model.status.running || errors;
      elements.run.title = errors ? 'Fix the errors in the file to run it' : 'Run the experiment (cached runs are reused)';
    }
    if (changes.status) {
      elements.status.textContent = model.status.text;
      elements.status.title = model.status.text;
      elements.status.classList.toggle('running', model.status.running);
      elements.stop.disabled = !model.status.running;
    }
    if (changes.chart || changes.scales) {
      charts.render(model, theme);
      renderCccNote();
      elements.linkNote.hidden = model.link === null;
      elements.linkNote.textContent = model.link ? `Axes linked with ${model.link.peerFileName}` : '';
    }
    if (changes.picker || changes.table || changes.scales) {
      if (changes.picker) renderRunPicker(elements.picker, model, theme, toggleRun, setAllRuns);
      const target = targetRisk();
      elements.targetRisk.placeholder = model.state.targetRisk === null && target !== null ? `auto (${target})` : 'auto';
      renderRunsTable(elements.runsBody, model, theme, target);
    }
    if (changes.compare || changes.table) {
      renderCompareTable(elements.compareTable, elements.compareTitle, elements.compareHint, model, targetRisk());
    }
    if (changes.chart || changes.scales || changes.phaseMap) phaseMap.render(model, theme);
    if (changes.suggestion || changes.scales) {
      renderSuggestionCard(elements.suggestion, elements.suggestionBody, elements.addRun, model);
      const s = model.suggestion.suggestion;
      if (s && model.suggestion.state === 'ready') charts.renderSuggestion(s, model.state.xScale, theme);
    }
  } catch (error) {
    post({ type: 'log', level: 'error', message: `render failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`.slice(0, 1900) });
  }
  lastRender = performance.now();
  renderCost = lastRender - started;
}

/** With infinite noise variance the criterion is infinite (no curve to draw): a note instead of an empty frame. */
function renderCccNote(): void {
  const infinite = cccPlotState(chartRuns(model).filter((r) => !r.hidden)) === 'infinite';
  elements.cccNote.hidden = !infinite;
  elements.cccNote.textContent = infinite ? INFINITE_CCC_NOTE : '';
  const box = elements.cccNote.parentElement?.querySelector<HTMLElement>('.small-box');
  if (box) box.hidden = infinite;
}

// ---- host messages -------------------------------------------------------------------------------------

function onHostMessage(message: HostMessage): void {
  if (message.type === 'requestPng') {
    let dataUrl: string;
    try {
      dataUrl = charts.lossPng(theme);
    } catch (error) {
      post({ type: 'log', level: 'warn', message: `PNG export failed: ${String(error)}` });
      return; // the host times out and reports it
    }
    post({ type: 'png', inReplyTo: message.id, dataUrl });
    return;
  }
  const changes = apply(model, message);
  if (message.type === 'init') {
    saveState(model.state);
    elements.title.textContent = model.fileName;
    document.title = model.fileName;
  }
  if (message.type === 'experiment') {
    elements.title.textContent = message.info.name || model.fileName;
    elements.title.title = model.fileName;
  }
  if (message.type === 'link' && (message.xScale || message.yScale)) saveState(model.state);
  invalidate({ ...changes, picker: message.type === 'experiment' || message.type === 'init' }, message.type === 'run');
}
channel.onMessage = onHostMessage;

// ---- controls ------------------------------------------------------------------------------------------

elements.run.addEventListener('click', () => post({ type: 'command', command: 'run' }));
elements.stop.addEventListener('click', () => post({ type: 'command', command: 'stop' }));
elements.openText.addEventListener('click', () => post({ type: 'command', command: 'openText' }));

function toggleScale(axis: 'x' | 'y'): void {
  const next = {
    xScale: axis === 'x' ? (model.state.xScale === 'log' ? 'linear' : 'log') : model.state.xScale,
    yScale: axis === 'y' ? (model.state.yScale === 'log' ? 'linear' : 'log') : model.state.yScale,
  } as const;
  setState(next);
  post({ type: 'setScales', xScale: next.xScale, yScale: next.yScale });
  invalidate({ scales: true, chart: true });
}
elements.xScale.addEventListener('click', () => toggleScale('x'));
elements.yScale.addEventListener('click', () => toggleScale('y'));

elements.showHsgd.addEventListener('change', () => {
  setState({ showHsgd: elements.showHsgd.checked });
  post({ type: 'setHsgd', enabled: elements.showHsgd.checked });
  invalidate({ chart: true });
});

elements.targetRisk.addEventListener('change', () => {
  const value = Number.parseFloat(elements.targetRisk.value);
  setState({ targetRisk: Number.isFinite(value) && value > 0 ? value : null });
  if (!(Number.isFinite(value) && value > 0)) elements.targetRisk.value = '';
  invalidate({ table: true, compare: true });
});

elements.addRun.addEventListener('click', async () => {
  const s = model.suggestion.suggestion;
  if (!s) return;
  elements.addRun.disabled = true;
  elements.suggestionMessage.textContent = 'Adding...';
  const reply = await act({ type: 'addSuggestedRun', suggestionId: s.suggestionId }, { timeoutMs: 60_000 });
  elements.suggestionMessage.textContent = reply.message ?? (reply.ok ? 'Added' : 'Could not add the run');
  elements.addRun.disabled = model.suggestion.state !== 'ready';
});
elements.recompute.addEventListener('click', () => post({ type: 'suggest' }));

for (const format of ['csv', 'json', 'png'] as const) {
  byId<HTMLButtonElement>(`export-${format}`).addEventListener('click', async () => {
    elements.exportMessage.textContent = '';
    // The host shows a save dialog first: give the user time to choose.
    const reply = await act({ type: 'export', format }, { timeoutMs: 15 * 60_000 });
    elements.exportMessage.textContent = reply.message ?? '';
  });
}

charts.onToggleRun = (name) => toggleRun(name, model.state.hidden.includes(name));

// The phase map is drawn at its box's size (Chart.js resizes its own charts). The box also changes
// width without a window resize (the side column grows with the runs table or the suggestion card):
// a ResizeObserver keeps the canvas, and the text drawn in it, within the column.
let resizeFrame = 0;
let lastBoxWidth = -1;
const redrawPhaseMap = () => {
  if (resizeFrame) return;
  resizeFrame = requestAnimationFrame(() => {
    resizeFrame = 0;
    phaseMap.render(model, theme);
  });
};
window.addEventListener('resize', redrawPhaseMap);
const phaseMapBox = byId<HTMLCanvasElement>('phase-map').parentElement;
if (phaseMapBox && typeof ResizeObserver === 'function') {
  new ResizeObserver((entries) => {
    const width = Math.round(entries[0]?.contentRect.width ?? 0);
    if (width === lastBoxWidth) return;
    lastBoxWidth = width;
    redrawPhaseMap();
  }).observe(phaseMapBox);
}

watchTheme(() => {
  theme = readTheme();
  invalidate({ chart: true, table: true, picker: true, suggestion: true });
});

window.addEventListener('error', (event) => {
  post({ type: 'log', level: 'error', message: `${event.message} (${event.filename}:${event.lineno})`.slice(0, 1900) });
});

renderScales();
// The handshake: the host posts nothing before this.
// The handshake: the host answers `ready` with `init` (state and file name), then sends a snapshot.
request({ type: 'ready', state: loadState() }).then(onHostMessage, (error) => post({ type: 'log', level: 'warn', message: `no init from the host: ${String(error)}` }));
