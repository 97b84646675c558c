// The "New Experiment" template: a small, fast experiment where clipping matters (Cauchy noise),
// written as JSONC with comments that explain each field. Pure.

export function slugify(name: string): string {
  const slug = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return slug || 'experiment';
}

export function experimentTemplate(name: string): string {
  return `{
  "version": 1,
  "name": ${JSON.stringify(name)},
  "problem": {
    "dim": 500,                                    // d
    "spectrum": { "kind": "identity" },           // eigenvalues of the data covariance K
    "target": { "kind": "flat", "norm": 1 },      // x*
    "init": { "kind": "zero" },                   // x0
    "noise": { "kind": "studentT", "dof": 1, "scale": 0.5 }  // dof 1 = Cauchy: heavy tails
  },
  "horizon": 10,                                   // time t = iterations / tr(K)
  "runs": [
    { "name": "SGD", "lr": 0.5 },
    { "name": "clip c=10", "lr": 0.5, "clip": { "kind": "constant", "threshold": 10 } },
    { "name": "heuristic", "lr": 0.5, "clip": { "kind": "heuristic" } }
  ],
  "seeds": 8,                                      // SGD runs per entry (0 = ODE only)
  "seed": 0,
  "record": { "points": 200, "spacing": "log" },
  "ode": true
}
`;
}
