// Reading a result JSON (clipexp run --out) back, for plot/ccc --result: null numbers (written for
// non-finite values) become Infinity, and the runs must be the experiment's.
import type { ExperimentConfig, ExperimentResult } from '../engine';
import { CliError, readTextFile } from './configFile';

/** null -> Infinity in every number array (the writer turned every non-finite number into null). */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === null ? Infinity : revive(v)));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = revive(v);
    return out;
  }
  return value;
}

export function readResultFile(path: string, config: ExperimentConfig): ExperimentResult {
  let raw: unknown;
  try {
    raw = JSON.parse(readTextFile(path));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = raw as Partial<ExperimentResult>;
  if (!result || result.format !== 'clipexp-result' || result.version !== 1 || !Array.isArray(result.runs) || !Array.isArray(result.t)) {
    throw new CliError(`${path} is not a clipexp result JSON (version 1; see clipexp run --out)`);
  }
  const names = config.runs.map((r) => r.name);
  const got = result.runs.map((r) => r?.name);
  if (got.length !== names.length || got.some((n, i) => n !== names[i])) {
    throw new CliError(`${path} does not match the experiment: its runs are ${JSON.stringify(got)}, the file's ${JSON.stringify(names)}`);
  }
  const revived = revive(result) as ExperimentResult;
  // Risks, thresholds and times are the only arrays; a revived `t` must stay finite.
  if (revived.t.some((v) => !Number.isFinite(v))) throw new CliError(`${path}: the time grid has non-numbers`);
  return revived;
}
