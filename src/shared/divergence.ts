// Which part of a finished run diverged, and when: shared by the panel (extension host) and
// `clipexp plot`, so both mark the same curve.

/** The parts of a finished run read here (the engine's RunResult has this shape). */
export interface DivergenceInput {
  status: string;
  divergedAt?: number;
  odeDivergedAt?: number;
  sgdDivergedAt?: number;
  hsgdDivergedAt?: number;
  ode: { risk: ArrayLike<number> } | null;
  sgd: { q10: ArrayLike<number>; q90: ArrayLike<number>; diverged: number } | null;
}

export interface DivergenceParts {
  odeDivergedAt: number | null;
  sgdDivergedAt: number | null;
  sgdDivergedSeeds: number;
}

function firstNonFinite(t: ArrayLike<number>, values: ArrayLike<number> | undefined): number | null {
  if (!values) return null;
  for (let i = 0; i < Math.min(t.length, values.length); i++) if (!Number.isFinite(values[i])) return t[i];
  return null;
}

/**
 * Which part of a finished run diverged, and when: the ODE, the SGD seeds, or both. Results cached
 * before the runner recorded the parts (odeDivergedAt/sgdDivergedAt) are read from their curves.
 */
export function divergenceParts(result: DivergenceInput | null, t: ArrayLike<number>): DivergenceParts {
  const none: DivergenceParts = { odeDivergedAt: null, sgdDivergedAt: null, sgdDivergedSeeds: result?.sgd?.diverged ?? 0 };
  if (!result || result.status !== 'diverged') return none;
  if (result.odeDivergedAt !== undefined || result.sgdDivergedAt !== undefined || result.hsgdDivergedAt !== undefined) {
    return { ...none, odeDivergedAt: result.odeDivergedAt ?? null, sgdDivergedAt: result.sgdDivergedAt ?? null };
  }
  const odeAt = firstNonFinite(t, result.ode?.risk);
  const seeds = result.sgd?.diverged ?? 0;
  let sgdAt: number | null = null;
  if (seeds > 0) sgdAt = odeAt === null ? result.divergedAt ?? null : firstNonFinite(t, result.sgd?.q90) ?? result.divergedAt ?? null;
  // Neither part can be told apart: keep the run's own time on the part that exists.
  if (odeAt === null && sgdAt === null) return result.sgd ? { ...none, sgdDivergedAt: result.divergedAt ?? null } : { ...none, odeDivergedAt: result.divergedAt ?? null };
  return { ...none, odeDivergedAt: odeAt, sgdDivergedAt: sgdAt };
}
