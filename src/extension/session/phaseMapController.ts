// The CCC phase map of one experiment: recomputed (in a worker, through the engine adapter) when the
// runs' ODE curves or the suggestion's kappa change, coalesced so that streaming results do not
// queue one map per event; the newest map goes to the panels.
import type { ExperimentConfig, PhaseMap } from '../../engine';
import type { OdeCurves, SessionServices } from './sessionServices';

export class PhaseMapController {
  map: PhaseMap | null = null;
  private abort: AbortController | null = null;
  private lastInput = '';

  constructor(
    private readonly services: SessionServices,
    private readonly fileName: string,
    private readonly onChange: (map: PhaseMap | null) => void,
  ) {}

  /** Asks for the map of these curves; a request for the same input as the last one does nothing. */
  update(config: ExperimentConfig, runs: OdeCurves, kappa: number | null): void {
    const input = JSON.stringify([config.problem, runs.map((r) => [r.name, r.ode ? Array.from(r.ode.risk).slice(-1) : null, r.ode?.risk.length ?? 0]), kappa]);
    if (input === this.lastInput) return;
    this.lastInput = input;
    this.abort?.abort();
    const controller = new AbortController();
    this.abort = controller;
    this.services.engine.phaseMap(config, runs, kappa, controller.signal).then(
      (map) => {
        if (this.abort !== controller) return;
        this.abort = null;
        this.map = map;
        this.onChange(map);
      },
      (error) => {
        if (this.abort !== controller) return;
        this.abort = null;
        this.lastInput = '';
        if ((error as Error)?.name !== 'AbortError') this.services.log.warn(`${this.fileName}: no phase map: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  }

  cancel(): void {
    this.abort?.abort();
    this.abort = null;
    this.lastInput = '';
  }
}
