// parseExperiment: text of a .clipexp.json -> a validated ExperimentConfig with defaults, or located,
// plain-language problems. JSONC syntax (jsonc-parser), then structure (Ajv against
// media/clipexp.schema.json), then the rules a schema cannot express. Never throws.
import type { ConfigProblem, Limits, ParsedExperiment } from './problems';
import { DEFAULTS, type Clip, type ExperimentConfig, type LearningRate, type Noise, type RunConfig, type Spectrum, type VectorInit } from './types';
import { formatPath, keyNodeOf, LineIndex, nodeAtPath, parseJsonDocument, type JsonDocument } from './jsonDocument';
import { checkLimits } from './limits';
import { schemaErrors } from './schema';
import { translateSchemaErrors, type PathProblem } from './schemaMessages';
import { treeProblems, valueProblems } from './semanticChecks';

export interface ParseOptions {
  /** Also check resource limits (defaults when true or omitted); false skips them (e.g. before CLI overrides). */
  limits?: Partial<Limits> | boolean;
}

/** At most this many problems are listed; items of one array with the same problem are summarized. */
const MAX_PROBLEMS = 100;
const MAX_SAME_PER_ARRAY = 3;

export function parseExperiment(text: string, options: ParseOptions = {}): ParsedExperiment {
  try {
    return parseUnsafe(typeof text === 'string' ? text : String(text), options);
  } catch (error) {
    // A bug in a check must not take the editor or the CLI down: report it at the top of the file.
    const message = `internal error while validating: ${error instanceof Error ? error.message : String(error)}`;
    return { problems: [{ path: '', message, severity: 'error', line: 1, column: 1, offset: 0, length: 1 }] };
  }
}

function parseUnsafe(text: string, options: ParseOptions): ParsedExperiment {
  const doc = parseJsonDocument(text);
  const lines = new LineIndex(doc.text);
  if (doc.syntaxErrors.length > 0 || doc.root === undefined) {
    const problems = doc.syntaxErrors.slice(0, MAX_PROBLEMS).map((e): ConfigProblem => ({
      path: formatPath(e.path),
      message: e.message,
      severity: 'error',
      ...lines.position(e.offset),
      offset: e.offset,
      length: e.length,
    }));
    if (problems.length === 0) problems.push({ path: '', message: 'the file is empty: expected a JSON object { ... }', severity: 'error', line: 1, column: 1, offset: 0, length: 1 });
    return { problems };
  }

  const pathProblems: PathProblem[] = [
    ...treeProblems(doc.root),
    ...translateSchemaErrors(schemaErrors(doc.value), doc.value),
    ...valueProblems(doc.value),
  ];
  const hasErrors = pathProblems.some((p) => p.severity === 'error');
  const config = hasErrors ? undefined : normalize(doc.value as Record<string, any>);
  if (config && options.limits !== false) {
    const limits = typeof options.limits === 'object' ? options.limits : undefined;
    for (const p of checkLimits(config, { limits }).problems) pathProblems.push({ ...p, anchor: 'value' });
  }
  const problems = locate(doc, lines, pathProblems);
  const ok = !problems.some((p) => p.severity === 'error');
  return ok ? { config, problems } : { problems };
}

function locate(doc: JsonDocument, lines: LineIndex, pathProblems: PathProblem[]): ConfigProblem[] {
  const located = pathProblems.map((p) => {
    const valueNode = nodeAtPath(doc.root, p.path);
    const node = (p.anchor === 'key' && valueNode && keyNodeOf(valueNode)) || valueNode;
    const offset = p.span?.offset ?? node?.offset ?? 0;
    const length = p.span?.length ?? (p.anchor === 'object' ? 1 : Math.max(1, node?.length ?? 1));
    return { path: formatPath(p.path), message: p.message, severity: p.severity, ...lines.position(offset), offset, length, rawPath: p.path };
  });
  located.sort((a, b) => a.offset - b.offset || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return summarize(located).map(({ rawPath: _ignored, ...problem }) => problem);
}

/** Keeps the first few of many identical problems in one array, then says how many more there are. */
function summarize<T extends ConfigProblem & { rawPath: (string | number)[] }>(problems: T[]): T[] {
  const groupOf = (p: T) => (typeof p.rawPath[p.rawPath.length - 1] === 'number' ? `${formatPath(p.rawPath.slice(0, -1))}|${p.message}` : undefined);
  const totals = new Map<string, number>();
  for (const p of problems) {
    const group = groupOf(p);
    if (group) totals.set(group, (totals.get(group) ?? 0) + 1);
  }
  const shown = new Map<string, number>();
  const out: T[] = [];
  for (const p of problems) {
    const group = groupOf(p);
    if (!group) {
      out.push(p);
      continue;
    }
    const count = (shown.get(group) ?? 0) + 1;
    shown.set(group, count);
    if (count > MAX_SAME_PER_ARRAY) continue;
    const hidden = totals.get(group)! - MAX_SAME_PER_ARRAY;
    out.push(count === MAX_SAME_PER_ARRAY && hidden > 0 ? { ...p, message: `${p.message} (and ${hidden} more item${hidden === 1 ? '' : 's'} with the same problem)` } : p);
  }
  if (out.length <= MAX_PROBLEMS) return out;
  const hidden = out.length - MAX_PROBLEMS;
  const kept = out.slice(0, MAX_PROBLEMS);
  kept.push({ ...kept[kept.length - 1], message: `${hidden} more problem${hidden === 1 ? '' : 's'} not shown; fix the ones above first` });
  return kept;
}

// ---- defaults: the schema has accepted the value, so its shape is known here ----

function normalizeSpectrum(s: any): Spectrum {
  switch (s.kind) {
    case 'identity': return { kind: 'identity' };
    case 'powerLaw': return { kind: 'powerLaw', exponent: s.exponent };
    default: return { kind: 'values', values: [...s.values] };
  }
}

function normalizeVector(v: any): VectorInit {
  return v.kind === 'zero' ? { kind: 'zero' } : { kind: v.kind, norm: v.norm };
}

function normalizeNoise(n: any): Noise {
  switch (n.kind) {
    case 'none': return { kind: 'none' };
    case 'studentT': return { kind: 'studentT', dof: n.dof, scale: n.scale };
    default: return { kind: n.kind, scale: n.scale };
  }
}

function normalizeLr(lr: any): LearningRate {
  return typeof lr === 'number' ? lr : { kind: 'schedule', t: [...lr.t], lr: [...lr.lr] };
}

function normalizeClip(c: any): Clip {
  switch (c.kind) {
    case 'constant': return { kind: 'constant', threshold: c.threshold };
    case 'heuristic': return c.param === undefined ? { kind: 'heuristic' } : { kind: 'heuristic', param: c.param };
    case 'greedy': return { kind: 'greedy' };
    default: return { kind: 'schedule', t: [...c.t], threshold: [...c.threshold] };
  }
}

function normalizeRun(r: any): RunConfig {
  const run: RunConfig = { name: r.name, lr: normalizeLr(r.lr) };
  if (r.clip !== undefined) run.clip = normalizeClip(r.clip);
  return run;
}

/** Copies the known fields (nothing else can reach the engine) and fills in the defaults. */
function normalize(v: Record<string, any>): ExperimentConfig {
  const config: ExperimentConfig = {
    version: 1,
    name: v.name,
    problem: {
      dim: v.problem.dim,
      spectrum: normalizeSpectrum(v.problem.spectrum),
      target: normalizeVector(v.problem.target),
      init: normalizeVector(v.problem.init),
      noise: normalizeNoise(v.problem.noise),
    },
    horizon: v.horizon,
    runs: v.runs.map(normalizeRun),
    seeds: v.seeds ?? DEFAULTS.seeds,
    seed: v.seed ?? DEFAULTS.seed,
    record: {
      points: v.record?.points ?? DEFAULTS.record.points,
      spacing: v.record?.spacing ?? DEFAULTS.record.spacing,
    },
    ode: v.ode ?? DEFAULTS.ode,
  };
  if (typeof v.$schema === 'string') config.$schema = v.$schema;
  if (typeof v.description === 'string') config.description = v.description;
  return config;
}
