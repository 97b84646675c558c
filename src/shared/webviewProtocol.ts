// The typed message protocol between the extension host and the experiment panel (webview), carried
// by the shared request/reply channel (messageChannel.ts) on both ends.
//
// - Every message carries a numeric `id`; a reply names the request it answers in `inReplyTo`.
// - Handshake: the webview requests `ready` first and the host answers `init`; the host posts
//   nothing before it (messages to a webview that has not loaded yet are lost).
// - Numeric payloads are Float64Arrays (structured-cloned, no JSON round trip, Infinity/NaN intact).
// - The webview is untrusted: `validateWebviewMessage` checks every message it sends before the host
//   looks at it. Host -> webview messages are trusted by the webview (they come from our own code).
// Nothing here imports `vscode` or the DOM, so host, webview and node tests share it.
import type { PhaseMapFigure } from './phaseMapDraw';

export type AxisScale = 'log' | 'linear';
export type ExportFormat = 'csv' | 'json' | 'png';
export type RunStatus = 'pending' | 'running' | 'ok' | 'diverged' | 'failed' | 'stopped';

/** What the panel remembers across tab switches and reloads (vscode.setState and the host's copy). */
export interface PanelState {
  xScale: AxisScale;
  yScale: AxisScale;
  hidden: string[];          // names of hidden runs
  showHsgd: boolean;
  targetRisk: number | null; // time-to-risk target; null = automatic
}

/** A problem of the experiment file (the engine's ConfigProblem), located in the text. */
export interface FileProblem {
  path: string;          // JSON path, e.g. "runs[2].clip.threshold"
  message: string;
  severity: 'error' | 'warning';
  line: number;          // 1-based
  column: number;        // 1-based
  offset: number;
  length: number;
}

/** Whether a file's problems keep it from running (the panel's Run button, the clipexp.hasErrors context key). */
export function hasErrors(problems: readonly Pick<FileProblem, 'severity'>[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

export const DEFAULT_PANEL_STATE: PanelState = { xScale: 'log', yScale: 'log', hidden: [], showHsgd: false, targetRisk: null };

/** A run as configured (no numbers yet). Labels are formatted on the host from the validated config. */
export interface RunInfo {
  index: number;
  name: string;
  lrLabel: string;                 // "0.5" or "schedule (3)"
  clipKind: 'none' | 'constant' | 'heuristic' | 'greedy' | 'schedule';
  clipLabel: string;               // "none", "c = 10", "heuristic, kappa 0.7", "greedy oracle", ...
  /** c / sqrt(tr K) for a constant threshold; null otherwise (the ODE's c(t) range is shown instead). */
  normalizedThreshold: number | null;
  /** Flattened parameters ("lr", "clip.kind", "clip.threshold", ...) for the "only what differs" table. */
  params: Record<string, string>;
  /** No clipping and a noise of infinite variance: the ODE risk is infinite for t > 0 (docs/math.md), SGD's need not be. */
  odeRiskInfinite?: boolean;
}

export interface ExperimentInfo {
  uri: string;
  fileName: string;
  name: string;
  seeds: number;
  ode: boolean;
  horizon: number;
  traceK: number;
  /** Flattened problem-level parameters ("problem.noise.kind", "horizon", ...) for comparisons. */
  params: Record<string, string>;
  runs: RunInfo[];
}

export interface BandSeries { median: Float64Array; q10: Float64Array; q90: Float64Array }
export interface OdeSeries { risk: Float64Array; mu: Float64Array; nu: Float64Array; threshold: Float64Array; ccc: Float64Array }

/** The numbers of one run, decimated on the host onto the grid of the last `grid` message. */
export interface RunSeries {
  index: number;
  name: string;
  status: RunStatus;
  fromCache: boolean;
  divergedAt: number | null;
  /** Which part diverged (null: it did not): the ODE's risk, or some SGD seeds (how many). */
  odeDivergedAt: number | null;
  sgdDivergedAt: number | null;
  sgdDivergedSeeds: number;
  /** See RunInfo.odeRiskInfinite: the ODE's divergence is the expected infinite risk, not a blow-up. */
  odeRiskInfinite: boolean;
  error: string | null;
  seedsDone: number;
  seedsTotal: number;
  /** The final risk shown in the table, from the full-resolution data: SGD median, or the ODE without seeds. */
  finalRisk: number | null;
  finalRiskSource: 'sgd' | 'ode' | null;
  /** First time the clipping comparison criterion exceeds 1 (clipping helps); null = never or no clipping. */
  clippingHelpsFrom: number | null;
  ode: OdeSeries | null;
  sgd: BandSeries | null;
  hsgd: BandSeries | null;
}

/** The status line (and progress) of an experiment. */
export interface StatusView {
  text: string;
  running: boolean;
  done: number;
  total: number;
}

/** The suggestion card's state. */
export interface SuggestionState {
  state: 'idle' | 'computing' | 'ready' | 'error';
  suggestion: SuggestionView | null;
  message: string | null;
}

/** What a panel linked to another (Compare Experiments) shows of it. */
export interface LinkView {
  peerFileName: string | null;
  peerParams: Record<string, string> | null;
  peerRuns: PeerRun[];
  x: AxisRange | null;
  y: AxisRange | null;
  xScale: AxisScale | null;
  yScale: AxisScale | null;
}

export interface SuggestionView {
  /** Host-side id of the suggestion; "Add as run" names it, the host uses its own copy of the numbers. */
  suggestionId: number;
  run: string;
  lr: number;
  traceK: number;
  noClipRisk: number;
  bestConstant: { threshold: number; risk: number };
  heuristic: { param: number; risk: number; t: Float64Array; threshold: Float64Array };
  greedy: { risk: number; t: Float64Array; threshold: Float64Array };
}

/** A run of the linked (compared) experiment, for the panel's compare table. */
export interface PeerRun {
  name: string;
  params: Record<string, string>;
  finalRisk: number | null;
  t: Float64Array;
  risk: Float64Array;   // the curve the final risk is read from (SGD median or ODE), decimated
}

export interface AxisRange { min: number; max: number }

// ---- host -> webview -------------------------------------------------------------------------------

export type HostMessage =
  | { type: 'init'; id: number; inReplyTo: number; state: PanelState; fileName: string }
  | { type: 'experiment'; id: number; info: ExperimentInfo }
  | { type: 'problems'; id: number; fileName: string; problems: FileProblem[] }
  | { type: 'grid'; id: number; t: Float64Array; xScale: AxisScale }
  | { type: 'run'; id: number; series: RunSeries }
  | ({ type: 'status'; id: number } & StatusView)
  | ({ type: 'suggestion'; id: number } & SuggestionState)
  | ({ type: 'link'; id: number } & LinkView)
  /** The CCC phase map, computed by the host (null: nothing to draw yet). */
  | { type: 'phaseMap'; id: number; map: PhaseMapFigure | null }
  | { type: 'requestPng'; id: number }
  | { type: 'reply'; id: number; inReplyTo: number; ok: boolean; message: string | null };

// ---- webview -> host (untrusted; see validateWebviewMessage) ----------------------------------------

export type WebviewMessage =
  | { type: 'ready'; id: number; state: PanelState | null }
  | { type: 'setScales'; id: number; xScale: AxisScale; yScale: AxisScale }
  | { type: 'setHsgd'; id: number; enabled: boolean }
  | { type: 'command'; id: number; command: 'run' | 'stop' | 'openText' }
  | { type: 'suggest'; id: number }
  | { type: 'addSuggestedRun'; id: number; suggestionId: number }
  | { type: 'export'; id: number; format: ExportFormat }
  | { type: 'png'; id: number; inReplyTo: number; dataUrl: string }
  | { type: 'stateChanged'; id: number; state: PanelState }
  | { type: 'log'; id: number; level: 'info' | 'warn' | 'error'; message: string };

export type WebviewMessageType = WebviewMessage['type'];

const HOST_TYPES: readonly HostMessage['type'][] = ['init', 'experiment', 'problems', 'grid', 'run', 'status', 'suggestion', 'link', 'phaseMap', 'requestPng', 'reply'];

/** Shape check of a message from the host (trusted, ours): a known type and an id. */
export function isHostMessage(raw: unknown): raw is HostMessage {
  if (typeof raw !== 'object' || raw === null) return false;
  const m = raw as { type?: unknown; id?: unknown };
  return typeof m.type === 'string' && (HOST_TYPES as readonly string[]).includes(m.type) && typeof m.id === 'number';
}

/** Upper bounds on what a webview may send (a hostile page must not make the host allocate freely). */
export const MESSAGE_LIMITS = {
  maxString: 2_000,
  maxRunNames: 10_000,
  maxPngBytes: 32 * 1024 * 1024,
} as const;

export type ValidationResult = { ok: true; message: WebviewMessage } | { ok: false; reason: string };

const SCALES: readonly string[] = ['log', 'linear'];
const FORMATS: readonly string[] = ['csv', 'json', 'png'];
const COMMANDS: readonly string[] = ['run', 'stop', 'openText'];
const LEVELS: readonly string[] = ['info', 'warn', 'error'];
export const PNG_PREFIX = 'data:image/png;base64,';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
function isShortString(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MESSAGE_LIMITS.maxString;
}
function oneOf(value: unknown, options: readonly string[]): value is string {
  return typeof value === 'string' && options.includes(value);
}
/** Exactly these keys: extra keys mean the sender is not our webview (or a different version of it). */
function hasExactKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(value, k));
}

export function validatePanelState(value: unknown): value is PanelState {
  if (!isRecord(value) || !hasExactKeys(value, ['xScale', 'yScale', 'hidden', 'showHsgd', 'targetRisk'])) return false;
  if (!oneOf(value.xScale, SCALES) || !oneOf(value.yScale, SCALES)) return false;
  if (typeof value.showHsgd !== 'boolean') return false;
  const target = value.targetRisk;
  if (target !== null && !(typeof target === 'number' && Number.isFinite(target) && target > 0)) return false;
  const hidden = value.hidden;
  return Array.isArray(hidden) && hidden.length <= MESSAGE_LIMITS.maxRunNames && hidden.every(isShortString);
}

const SHAPES: Record<WebviewMessageType, { keys: readonly string[]; check(m: Record<string, unknown>): boolean }> = {
  ready: { keys: ['type', 'id', 'state'], check: (m) => m.state === null || validatePanelState(m.state) },
  setScales: { keys: ['type', 'id', 'xScale', 'yScale'], check: (m) => oneOf(m.xScale, SCALES) && oneOf(m.yScale, SCALES) },
  setHsgd: { keys: ['type', 'id', 'enabled'], check: (m) => typeof m.enabled === 'boolean' },
  command: { keys: ['type', 'id', 'command'], check: (m) => oneOf(m.command, COMMANDS) },
  suggest: { keys: ['type', 'id'], check: () => true },
  addSuggestedRun: { keys: ['type', 'id', 'suggestionId'], check: (m) => isId(m.suggestionId) },
  export: { keys: ['type', 'id', 'format'], check: (m) => oneOf(m.format, FORMATS) },
  png: {
    keys: ['type', 'id', 'inReplyTo', 'dataUrl'],
    check: (m) =>
      isId(m.inReplyTo) &&
      typeof m.dataUrl === 'string' &&
      m.dataUrl.startsWith(PNG_PREFIX) &&
      m.dataUrl.length <= MESSAGE_LIMITS.maxPngBytes &&
      /^[A-Za-z0-9+/]*={0,2}$/.test(m.dataUrl.slice(PNG_PREFIX.length)),
  },
  stateChanged: { keys: ['type', 'id', 'state'], check: (m) => validatePanelState(m.state) },
  log: { keys: ['type', 'id', 'level', 'message'], check: (m) => oneOf(m.level, LEVELS) && isShortString(m.message) },
};

/** Runtime check of a message from the webview: the only way such a message reaches host code. */
export function validateWebviewMessage(raw: unknown): ValidationResult {
  if (!isRecord(raw)) return { ok: false, reason: 'not an object' };
  const type = raw.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(SHAPES, type)) {
    return { ok: false, reason: `unknown message type ${describe(type)}` };
  }
  const shape = SHAPES[type as WebviewMessageType];
  if (!isId(raw.id)) return { ok: false, reason: `${type}: missing or bad id` };
  if (!hasExactKeys(raw, shape.keys)) return { ok: false, reason: `${type}: unexpected fields (${Object.keys(raw).slice(0, 10).join(', ')})` };
  if (!shape.check(raw)) return { ok: false, reason: `${type}: malformed fields` };
  return { ok: true, message: raw as unknown as WebviewMessage };
}

/** A short, safe description of an untrusted value for the log. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

