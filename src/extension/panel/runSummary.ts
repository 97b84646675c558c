// What the panel shows about runs, computed on the host from the validated config and the
// full-resolution results (labels, flattened parameters, final risk, "clipping helps from t = ..").
// Pure: node tests load it.
import { noiseSecondMoment, traceOfSpectrum, type Clip, type ExperimentConfig, type LearningRate, type RunConfig } from '../../engine';
import type { ExperimentInfo, RunInfo } from '../../shared/webviewProtocol';

/** D = tr K, the sum of the spectrum's eigenvalues (docs/math.md): the engine's own computation. */
export const traceK = traceOfSpectrum;

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e4 || abs < 1e-3) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}

function lrLabel(lr: LearningRate): string {
  return typeof lr === 'number' ? formatNumber(lr) : `schedule (${lr.t.length})`;
}

function clipLabel(clip: Clip | undefined): string {
  if (!clip) return 'none';
  switch (clip.kind) {
    case 'constant':
      return `c = ${formatNumber(clip.threshold)}`;
    case 'heuristic':
      return clip.param === undefined ? 'heuristic, kappa tuned' : `heuristic, kappa ${formatNumber(clip.param)}`;
    case 'greedy':
      return 'greedy oracle';
    case 'schedule':
      return `schedule (${clip.t.length})`;
  }
}

/** Flatten a value into "a.b.c" -> text entries (arrays as one compact entry). */
export function flatten(value: unknown, prefix: string, out: Record<string, string>): Record<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (Array.isArray(value)) {
    out[prefix] = value.length <= 6 ? `[${value.map((v) => (typeof v === 'number' ? formatNumber(v) : String(v))).join(', ')}]` : `[${value.length} values]`;
  } else if (value !== undefined) {
    out[prefix] = typeof value === 'number' ? formatNumber(value) : String(value);
  }
  return out;
}

export function runParams(run: RunConfig): Record<string, string> {
  const out: Record<string, string> = {};
  flatten(run.lr, 'lr', out);
  if (run.clip) flatten(run.clip, 'clip', out);
  else out['clip.kind'] = 'none';
  return out;
}

export function experimentParams(config: ExperimentConfig): Record<string, string> {
  const out: Record<string, string> = {};
  flatten(config.problem, 'problem', out);
  out.horizon = formatNumber(config.horizon);
  out.seeds = String(config.seeds);
  out.seed = String(config.seed);
  out['record.points'] = String(config.record.points);
  out['record.spacing'] = config.record.spacing;
  return out;
}

export function runInfo(config: ExperimentConfig, index: number, trK: number): RunInfo {
  const run = config.runs[index];
  return {
    index,
    name: run.name,
    lrLabel: lrLabel(run.lr),
    clipKind: run.clip ? run.clip.kind : 'none',
    clipLabel: clipLabel(run.clip),
    normalizedThreshold: run.clip?.kind === 'constant' ? run.clip.threshold / Math.sqrt(trK) : null,
    params: runParams(run),
    odeRiskInfinite: !run.clip && noiseSecondMoment(config.problem.noise) === Infinity,
  };
}

export { divergenceParts, type DivergenceParts } from '../../shared/divergence';

export function experimentInfo(config: ExperimentConfig, uri: string, fileName: string): ExperimentInfo {
  const trK = traceK(config);
  return {
    uri,
    fileName,
    name: config.name,
    seeds: config.seeds,
    ode: config.ode,
    horizon: config.horizon,
    traceK: trK,
    params: experimentParams(config),
    runs: config.runs.map((_, i) => runInfo(config, i, trK)),
  };
}

/** The final risk shown for a run: the SGD median when there are seeds, else the ODE. */
export function finalRisk(run: { ode: { risk: ArrayLike<number> } | null; sgd: { median: ArrayLike<number> } | null }): { value: number | null; source: 'sgd' | 'ode' | null } {
  const median = run.sgd?.median;
  if (median && median.length > 0) return { value: median[median.length - 1], source: 'sgd' };
  const ode = run.ode?.risk;
  if (ode && ode.length > 0) return { value: ode[ode.length - 1], source: 'ode' };
  return { value: null, source: null };
}

/**
 * First record time at which the clipping comparison criterion exceeds 1, i.e. clipping at this
 * run's threshold beats plain SGD from there on (docs/math.md, CCC). Null when it never does, or when
 * the run does not clip (the ratio is then exactly 1).
 */
export function clippingHelpsFrom(t: ArrayLike<number>, ccc: ArrayLike<number> | undefined, clipped: boolean): number | null {
  if (!clipped || !ccc) return null;
  for (let i = 0; i < Math.min(t.length, ccc.length); i++) {
    if (ccc[i] > 1 + 1e-9) return t[i];
  }
  return null;
}
