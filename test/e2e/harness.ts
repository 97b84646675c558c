// The e2e harness: one fresh code-server (VS Code in the browser) per test, driven by playwright-core
// with Debian's chromium. Each session gets its own user-data folder, HOME and a temp copy of
// examples/ (tests may edit files); the packaged extension comes from the extensions folder that
// scripts/e2e.mjs installs once per suite (CLIPEXP_E2E_EXTENSIONS). Everything a session starts runs
// in its own process group and is killed, and every temp folder removed, when the session closes
// (also when the test process exits early). On failure: a screenshot and the logs in test-results/.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { chromium, type Browser, type Frame, type FrameLocator, type Locator, type Page } from 'playwright-core';

export const ROOT = join(__dirname, '..', '..');
export const RESULTS_DIR = join(ROOT, 'test-results');
const CACHE = process.env.CLIPEXP_VSCODE_CACHE || join(ROOT, '.cache', 'vscode');
const NODE24_BIN = join(CACHE, 'node_modules', '.bin', 'node');
const CODE_SERVER_ENTRY = join(CACHE, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CHROMIUM = process.env.CLIPEXP_CHROMIUM || '/usr/bin/chromium';

/** Timeouts (ms): generous waits on visible states, never fixed sleeps for correctness. */
export const WAIT = { server: 60_000, workbench: 60_000, ui: 20_000, webview: 45_000, compute: 60_000 };

/** User settings every session starts with: no welcome page, no AI/chat side panels, no network noise. */
const BASE_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'github.gitAuthentication': false,
  'editor.minimap.enabled': false,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
};

export interface SessionOptions {
  /** Used for folder, log and screenshot names. */
  name: string;
  /** Extra user settings (e.g. workbench.colorTheme). */
  settings?: Record<string, unknown>;
  /** Files to add to the workspace (relative path -> text), besides the copy of examples/. */
  files?: Record<string, string>;
  /** Extensions folder; defaults to CLIPEXP_E2E_EXTENSIONS (set by scripts/e2e.mjs) or an empty one. */
  extensionsDir?: string;
  viewport?: { width: number; height: number };
}

const live = new Set<Session>();
process.on('exit', () => { for (const s of live) s.killSync(); });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => { for (const s of live) s.killSync(); process.exit(130); });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** GET without keep-alive (fetch's pooled sockets would keep the test process alive for seconds). */
function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpGet(url, { agent: false, timeout: 2000 }, (res) => { res.resume(); resolve(res.statusCode === 200); });
    req.on('error', () => resolve(false));
    req.on('timeout', () => { req.destroy(); resolve(false); });
  });
}

async function waitForHealthz(url: string, child: ChildProcess, logFile: string, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${tail(logFile)}`);
    if (await httpOk(`${url}/healthz`)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeout} ms:\n${tail(logFile)}`);
}

export function tail(file: string, lines = 60): string {
  try { return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return `(no ${file})`; }
}

function safeName(name: string): string {
  return name.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
}

/** Files under dir whose relative path matches the pattern (for the exthost / output channel logs). */
function findFiles(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findFiles(full, pattern));
    else if (pattern.test(full)) out.push(full);
  }
  return out;
}

export class Session {
  readonly name: string;
  readonly tmp: string;
  readonly workspace: string;
  readonly userData: string;
  readonly logFile: string;
  url = '';
  page!: Page;
  private browser?: Browser;
  private server?: ChildProcess;
  private screenshotIndex = 0;

  private constructor(readonly options: SessionOptions) {
    this.name = safeName(options.name);
    this.tmp = mkdtempSync(join(tmpdir(), `clipexp-e2e-${this.name}-`));
    this.workspace = join(this.tmp, 'workspace');
    this.userData = join(this.tmp, 'user-data');
    this.logFile = join(this.tmp, 'code-server.log');
  }

  /** Starts code-server and chromium and waits for the workbench with the workspace open. */
  static async start(options: SessionOptions): Promise<Session> {
    const session = new Session(options);
    live.add(session);
    try {
      await session.boot();
    } catch (error) {
      await session.dumpFailure(error);
      await session.close();
      throw error;
    }
    return session;
  }

  private async boot(): Promise<void> {
    if (!existsSync(CODE_SERVER_ENTRY) || !existsSync(NODE24_BIN)) {
      throw new Error(`code-server is not installed in ${CACHE}: run "node scripts/ensure-vscode.mjs"`);
    }
    // The workspace: a private copy of examples/ plus the test's own files.
    cpSync(join(ROOT, 'examples'), this.workspace, { recursive: true });
    for (const [rel, text] of Object.entries(this.options.files ?? {})) {
      mkdirSync(join(this.workspace, rel, '..'), { recursive: true });
      writeFileSync(join(this.workspace, rel), text);
    }
    mkdirSync(join(this.userData, 'User'), { recursive: true });
    this.writeSettings(this.options.settings ?? {});
    const home = join(this.tmp, 'home');
    mkdirSync(home, { recursive: true });
    const extensionsDir = this.options.extensionsDir ?? process.env.CLIPEXP_E2E_EXTENSIONS ?? join(this.tmp, 'extensions');
    mkdirSync(extensionsDir, { recursive: true });

    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    const logFd = openSync(this.logFile, 'a');
    const args = [
      CODE_SERVER_ENTRY, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--extensions-dir', extensionsDir, '--user-data-dir', this.userData, this.workspace,
    ];
    // detached = setsid: code-server and all its children form one process group we can kill at once.
    this.server = spawn(NODE24_BIN, args, {
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local', 'share'), PORT: undefined },
    });
    closeSync(logFd);
    await waitForHealthz(this.url, this.server, this.logFile, WAIT.server);

    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-dev-shm-usage'],
    });
    const context = await this.browser.newContext({
      viewport: this.options.viewport ?? { width: 1600, height: 1000 },
      acceptDownloads: false,
    });
    this.page = await context.newPage();
    this.page.setDefaultTimeout(WAIT.ui);
    await this.page.goto(`${this.url}/?folder=${encodeURIComponent(this.workspace)}`, { timeout: WAIT.workbench });
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: WAIT.workbench });
    // The explorer's folder tree appears once the workspace folder is open (remote file system connected).
    await this.page.locator('.explorer-folders-view').waitFor({ state: 'visible', timeout: WAIT.workbench });
  }

  /** Writes the user settings file (code-server watches it and applies changes live). */
  writeSettings(extra: Record<string, unknown>): void {
    writeFileSync(join(this.userData, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...extra }, null, 2));
  }

  readUserSettings(): string { return readFileSync(join(this.userData, 'User', 'settings.json'), 'utf8'); }

  /** Absolute path of a workspace file. */
  path(rel: string): string { return join(this.workspace, rel); }

  readWorkspaceFile(rel: string): string { return readFileSync(this.path(rel), 'utf8'); }

  /**
   * Opens a workspace file by Quick Open (Ctrl+P), as a user would, and waits for its tab. The file
   * search indexes the folder on first use, which a loaded machine can stretch past a timeout: the
   * search is asked again (closed and reopened) a few times before giving up.
   */
  async openFile(rel: string): Promise<void> {
    const base = rel.split('/').pop()!;
    const input = this.page.locator('.quick-input-widget input');
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: base }).first();
    for (let attempt = 1; ; attempt++) {
      await this.focusWorkbench();
      await this.page.keyboard.press('Control+P');
      await input.waitFor({ state: 'visible' });
      await input.fill(rel);
      try {
        await row.waitFor({ state: 'visible', timeout: 20_000 });
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
        await this.page.keyboard.press('Escape');
      }
    }
    await input.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await this.tab(base).waitFor({ state: 'visible' });
  }

  /** The editor tab whose label is exactly this file name. */
  tab(label: string): Locator {
    return this.page.locator(`.tabs-container .tab[data-resource-name="${label.replace(/"/g, '\\"')}"]`);
  }

  /** Opens the command palette (F1), types `>title` and returns the matching rows (for listing). */
  async paletteRows(title: string): Promise<Locator> {
    await this.focusWorkbench();
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    return this.page.locator('.quick-input-list .monaco-list-row');
  }

  /** The palette row whose label is exactly this title (after paletteRows). */
  paletteRow(title: string): Locator {
    return this.page.locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) }).first();
  }

  /**
   * Opens the palette on `title` until its exact row shows. The palette filters once per query, and
   * right after start-up the extension host may not have registered every contributed command yet,
   * so a miss is retried with a fresh query.
   */
  async findCommand(title: string, timeout = WAIT.webview): Promise<Locator> {
    const deadline = Date.now() + timeout;
    for (;;) {
      await this.paletteRows(title);
      const row = this.paletteRow(title);
      try {
        await row.waitFor({ state: 'visible', timeout: Math.min(4000, Math.max(500, deadline - Date.now())) });
        return row;
      } catch (error) {
        await this.page.keyboard.press('Escape');
        if (Date.now() >= deadline) throw new Error(`command "${title}" is not in the palette (waited ${timeout} ms)`);
      }
    }
  }

  /** Runs a palette command by its exact title (e.g. "ClipExp: Run Experiment"). */
  async runCommand(title: string): Promise<void> {
    const row = await this.findCommand(title);
    await row.click();
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 2000 }).catch(() => { /* commands that ask something keep it open */ });
  }

  /** Waits until the quick input's text box holds `expected` (dialogs fill it in asynchronously). */
  async waitForQuickInputValue(expected: string, timeout = WAIT.ui): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout });
    const deadline = Date.now() + timeout;
    let value = '';
    while ((value = await input.inputValue()) !== expected) {
      if (Date.now() > deadline) throw new Error(`the quick input holds "${value}", not "${expected}"`);
      await this.page.waitForTimeout(100); // polling interval only
    }
  }

  /** The quick input (palette, quick pick, input box) when a command asks something. */
  quickInput(): Locator { return this.page.locator('.quick-input-widget'); }

  /** Types into an open quick pick to filter it, then picks the row whose label is exactly `label`. */
  async pickQuickItemExact(label: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(label);
    const row = this.page.locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) }).first();
    await row.waitFor({ state: 'visible' });
    await row.click();
  }

  /** Picks the row with this label in an open quick pick. */
  async pickQuickItem(label: string | RegExp): Promise<void> {
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor({ state: 'visible' });
    await row.click();
  }

  private async focusWorkbench(): Promise<void> {
    // Keyboard shortcuts need focus in the workbench, not inside a webview iframe.
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 1000 }).catch(async () => {
      await this.page.keyboard.press('Escape');
    });
    await this.page.locator('.part.statusbar').click({ position: { x: 2, y: 2 }, force: true }).catch(() => {});
  }

  /** The content of the n-th visible webview (two iframes deep). */
  webviewFrame(index = 0): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').nth(index).frameLocator('iframe#active-frame');
  }

  /** The inner frames (for evaluate) of every ready webview, in DOM order. */
  async webviewFrames(): Promise<Frame[]> {
    const frames: Frame[] = [];
    for (const outer of await this.page.locator('iframe.webview.ready').elementHandles()) {
      const outerFrame = await outer.contentFrame();
      const inner = outerFrame && await outerFrame.locator('iframe#active-frame').elementHandle().catch(() => null);
      const innerFrame = inner && await inner.contentFrame();
      if (innerFrame) frames.push(innerFrame);
    }
    return frames;
  }

  /** The inner frame of the n-th webview, waiting until it exists and holds `selector`. */
  async webviewFrameHandle(index = 0, selector = 'body'): Promise<Frame> {
    await this.webviewFrame(index).locator(selector).first().waitFor({ state: 'attached', timeout: WAIT.webview });
    const frames = await this.webviewFrames();
    if (!frames[index]) throw new Error(`webview ${index} has no content frame`);
    return frames[index];
  }

  /** Error notifications currently shown (their messages). */
  async errorNotifications(): Promise<string[]> {
    const toasts = this.page.locator('.notifications-toasts .notification-toast', { has: this.page.locator('.codicon-error') });
    return (await toasts.allInnerTexts()).map((s) => s.trim());
  }

  /** Opens the Problems view and reads its markers (as the rows' accessible labels state them). */
  async problems(): Promise<Problem[]> {
    await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const rows = this.page.locator('.markers-panel .monaco-list-row[aria-level="2"]');
    const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    return labels.map(parseProblemLabel).filter((p): p is Problem => p !== null);
  }

  /** Waits until the Problems view lists a marker that satisfies `predicate`; returns all of them. */
  async waitForProblem(predicate: (p: Problem) => boolean, timeout = WAIT.webview): Promise<Problem[]> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const problems = await this.problems();
      if (problems.some(predicate)) return problems;
      if (Date.now() > deadline) throw new Error(`no matching problem in the Problems view; it shows ${JSON.stringify(problems)}`);
      await this.page.locator('.markers-panel .monaco-list-row[aria-level="2"]').first().waitFor({ state: 'attached', timeout: 1000 }).catch(() => {});
    }
  }

  /** The text of an extension's log output channels (in user-data/logs, under exthostN/<extension id>). */
  extensionLog(extensionId: string): string {
    const files = findFiles(join(this.userData, 'logs'), new RegExp(`/exthost[0-9]*/${escapeRegExp(extensionId)}/[^/]+\\.log$`));
    return files.map((f) => readFileSync(f, 'utf8')).join('\n');
  }

  /** A PNG of the whole window in test-results/, numbered in the order taken. */
  async screenshot(label: string): Promise<string> {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, `${this.name}-${String(++this.screenshotIndex).padStart(2, '0')}-${safeName(label)}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** On failure: a screenshot and the logs (code-server, extension host, ClipExp output) in test-results/. */
  async dumpFailure(error: unknown): Promise<void> {
    mkdirSync(RESULTS_DIR, { recursive: true });
    let shot = '(no page)';
    if (this.page) {
      shot = join(RESULTS_DIR, `${this.name}-FAILED.png`);
      await this.page.screenshot({ path: shot, timeout: 10_000 }).catch(() => { shot = '(screenshot failed)'; });
    }
    const logs = [this.logFile, ...findFiles(join(this.userData, 'logs'), /(exthost|remoteexthost|ClipExp|clipexp)[^/]*\.log$/i)];
    // The whole logs (capped) go to a file; stderr gets their error lines and the end of each.
    const full = logs.map((f) => `===== ${relative(this.tmp, f)} =====\n${tail(f, 2000).slice(-200_000)}`).join('\n');
    const brief = logs.map((f) => {
      const text = tail(f, 5000);
      const errors = text.split('\n').filter((l) => /\[error\]|Error:|Cannot find/.test(l)).slice(-15);
      return `===== ${relative(this.tmp, f)} =====\n${errors.length ? `errors:\n${errors.join('\n')}\nend:\n` : ''}${tail(f, 25)}`;
    }).join('\n');
    const logCopy = join(RESULTS_DIR, `${this.name}-FAILED.log`);
    writeFileSync(logCopy, `${String((error as Error)?.stack ?? error)}\n\n${full}\n`);
    process.stderr.write(`\n[e2e] ${this.name} failed: screenshot ${shot}, full logs ${logCopy}\n${brief}\n`);
  }

  /** Kills chromium and code-server (whole process groups) and removes the temp folders. */
  async close(): Promise<void> {
    await this.browser?.close().catch(() => {});
    this.browser = undefined;
    await this.stopServer();
    this.removeTemp();
    live.delete(this);
  }

  private async stopServer(): Promise<void> {
    const child = this.server;
    if (!child || child.pid === undefined) return;
    this.server = undefined;
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    killGroup(child.pid, 'SIGTERM');
    const timer = new Promise<boolean>((r) => setTimeout(() => r(false), 2000));
    if (!(await Promise.race([exited.then(() => true), timer]))) killGroup(child.pid, 'SIGKILL');
    // Children (extension host, file watcher) may outlive the leader: kill whatever is left in the group.
    killGroup(child.pid, 'SIGKILL');
  }

  private removeTemp(): void {
    rmSync(this.tmp, { recursive: true, force: true, maxRetries: 3 });
  }

  /** Synchronous last-resort cleanup for process exit. */
  killSync(): void {
    if (this.server?.pid !== undefined) killGroup(this.server.pid, 'SIGKILL');
    try { this.removeTemp(); } catch { /* best effort */ }
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try { process.kill(-pid, signal); } catch { /* already gone */ }
}

export interface Problem { severity: 'Error' | 'Warning' | 'Info'; message: string; line: number; column: number; source: string }

/** "Error: Expected comma at line 4 and character 6. generated by json" -> its parts. */
export function parseProblemLabel(label: string): Problem | null {
  const m = /^(Error|Warning|Info): ([\s\S]*) at line (\d+) and character (\d+)\.(?: generated by (.*))?$/.exec(label.trim());
  if (!m) return null;
  return { severity: m[1] as Problem['severity'], message: m[2], line: Number(m[3]), column: Number(m[4]), source: m[5] ?? '' };
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Runs a test body in a fresh session with an overall deadline; on failure or timeout it saves a
 * screenshot and the logs before cleaning up, then rethrows.
 */
export async function withSession(options: SessionOptions & { timeout?: number }, body: (s: Session) => Promise<void>): Promise<void> {
  const session = await Session.start(options);
  const timeout = options.timeout ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      body(session),
      new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${options.name}: timed out after ${timeout} ms`)), timeout); }),
    ]);
  } catch (error) {
    await session.dumpFailure(error);
    throw error;
  } finally {
    clearTimeout(timer);
    await session.close();
  }
}
