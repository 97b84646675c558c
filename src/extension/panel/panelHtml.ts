// The experiment panel's HTML. Pure (no `vscode` import) so a node test can check the CSP.
//
// Security model: the webview may only run our one script (by nonce), load our stylesheet and images
// from the extension's dist/ folder (cspSource), and nothing else: no network, no inline styles or
// event handlers, no eval. Everything dynamic is built with DOM APIs in webview/main.ts.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export interface PanelHtmlInput {
  cspSource: string;     // webview.cspSource
  scriptUri: string;     // webview.asWebviewUri(dist/webview.js)
  styleUri: string;      // webview.asWebviewUri(dist/webview.css)
  nonce: string;
  title: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

/** The only folder the webview may load from: the built bundles. */
export function localResourceRootPaths(extensionPath: string): string[] {
  return [join(extensionPath, 'dist')];
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export function panelHtml(input: PanelHtmlInput): string {
  const attr = (value: string) => escapeHtml(value);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(input.cspSource, input.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>${escapeHtml(input.title)}</title>
</head>
<body>
<div id="app">
  <header class="toolbar">
    <h1 id="experiment-title">${escapeHtml(input.title)}</h1>
    <span id="status" role="status" aria-live="polite">Starting...</span>
    <span class="spacer"></span>
    <button id="run-button" type="button" title="Run the experiment (cached runs are reused)">Run</button>
    <button id="stop-button" type="button" title="Stop all work for this experiment" disabled>Stop</button>
  </header>
  <div id="error-banner" role="alert" hidden>
    <div id="error-text"></div>
    <button id="open-text-button" type="button" class="secondary">Open in text editor</button>
  </div>
  <div id="warning-banner" role="status" hidden></div>
  <p id="empty-hint" hidden>No results yet.</p>
  <main class="layout">
    <section class="chart-column">
      <div class="chart-controls">
        <button id="x-scale" type="button" class="secondary toggle" data-scale="log" title="Toggle the time axis between log and linear">x: log</button>
        <button id="y-scale" type="button" class="secondary toggle" data-scale="log" title="Toggle the risk axis between log and linear">y: log</button>
        <label class="check"><input type="checkbox" id="show-hsgd"> C-HSGD band</label>
        <span class="spacer"></span>
        <span id="link-note" hidden></span>
      </div>
      <div class="chart-box"><canvas id="loss-chart" aria-label="Risk against time for every run" role="img"></canvas></div>
      <div id="run-picker" class="run-picker" aria-label="Show or hide runs"></div>
      <div class="small-plots">
        <figure><figcaption>Threshold c(t)</figcaption><div class="small-box"><canvas id="threshold-chart"></canvas></div></figure>
        <figure><figcaption>Factors mu (solid) and nu (dashed)</figcaption><div class="small-box"><canvas id="factors-chart"></canvas></div></figure>
        <figure><figcaption>Clipping criterion (above 1: clipping helps)</figcaption><div class="small-box"><canvas id="ccc-chart"></canvas></div><p id="ccc-note" class="note" hidden></p></figure>
      </div>
      <figure class="phase-map-figure" hidden><figcaption id="phase-map-caption">CCC phase map</figcaption><div class="phase-map-box"><canvas id="phase-map" role="img" aria-label="Where clipping helps, over risk and threshold, with the runs' trajectories"></canvas></div></figure>
    </section>
    <aside class="side-column">
      <section class="card">
        <h2>Runs</h2>
        <div class="table-wrap runs-wrap">
          <table id="runs-table">
            <thead><tr><th>Run</th><th class="num">lr</th><th title="threshold c(t); below it, normalized: c / sqrt(tr K)">c(t)</th><th class="num" title="SGD median at the horizon (ODE when seeds = 0)">Final risk</th><th class="num" title="first time the risk reaches the target risk below">To target</th><th title="from when clipping at this threshold beats plain SGD (the clipping comparison criterion exceeds 1)">Helps from</th></tr></thead>
            <tbody></tbody>
          </table>
        </div>
        <label class="target">Target risk <input id="target-risk" type="number" min="0" step="any" placeholder="auto"></label>
      </section>
      <section class="card" id="suggestion" hidden>
        <h2>Suggested clipping schedule</h2>
        <div id="suggestion-body"></div>
        <div class="small-box suggestion-plot"><canvas id="suggestion-chart"></canvas></div>
        <div class="actions">
          <button id="add-suggested-run" type="button" disabled>Add as run</button>
          <button id="recompute-suggestion" type="button" class="secondary">Recompute</button>
          <span id="suggestion-message" class="muted" role="status"></span>
        </div>
      </section>
      <section class="card" id="compare">
        <h2 id="compare-title">Compare</h2>
        <p class="hint" id="compare-hint">Parameters that differ between runs.</p>
        <div class="table-wrap"><table id="compare-table"><thead></thead><tbody></tbody></table></div>
      </section>
      <section class="card">
        <h2>Export</h2>
        <div class="actions">
          <button id="export-csv" type="button" class="secondary">CSV</button>
          <button id="export-json" type="button" class="secondary">JSON</button>
          <button id="export-png" type="button" class="secondary">Chart PNG</button>
          <span id="export-message" class="muted" role="status"></span>
        </div>
      </section>
    </aside>
  </main>
</div>
<script nonce="${attr(input.nonce)}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}
