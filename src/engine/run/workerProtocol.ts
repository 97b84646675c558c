// The typed message protocol between a WorkerPool (host side: extension host or CLI) and its worker
// threads (worker.ts -> dist/worker.js).
//
// - Handshake: a worker posts `ready` once it has loaded the engine; the pool sends it nothing before.
// - Request/reply: the pool posts `task` with a numeric `id` (> 0, unique per pool); the worker answers
//   with exactly one `result`, `error` or `stopped` carrying that id, possibly after `progress`
//   messages. A worker runs one task at a time.
// - Cancel: a worker is busy inside a synchronous kernel and cannot read messages, so cancellation is a
//   shared flag instead: every worker gets a SharedArrayBuffer (workerData.cancel, one Int32 slot);
//   the pool stores the id of the task to stop there, and the kernel's hooks.shouldStop() compares it
//   with the id of the task it is running (Atomics.load: no reset, no race with the next task).
// - Configs: an experiment's config is posted to a worker once and then named by `configId`; both
//   sides keep the same small most-recently-used list (ConfigLru), so the worker reuses one config
//   object for all the seeds of an experiment (and the kernels' per-config caches stay warm).
// - Float64Array payloads (seed risk curves) are transferred, not copied.
import type { ExperimentConfig } from '../config/types';
import type { PhaseMap } from '../ode/phaseMap';
import type { OdeResult, Suggestion } from '../results/types';

export type SimulationKind = 'sgd' | 'hsgd';

/** The work a pool can do. Configs are validated ExperimentConfigs (validate.ts). */
export type WorkerTask =
  | { kind: 'ode'; config: ExperimentConfig; runIndex: number }
  | { kind: 'seed'; config: ExperimentConfig; runIndex: number; seedIndex: number; simulation: SimulationKind }
  | { kind: 'suggest'; config: ExperimentConfig; runName?: string }
  | { kind: 'phaseMap'; config: ExperimentConfig; rRange: [number, number]; tauRange: [number, number] };

export type OdeTaskResult = OdeResult & { divergedAt?: number };
export interface SeedTaskResult {
  risk: Float64Array;
  divergedAt?: number;
  stopped?: boolean;
}
export type TaskResult<T extends WorkerTask> =
  T extends { kind: 'ode' } ? OdeTaskResult :
  T extends { kind: 'seed' } ? SeedTaskResult :
  T extends { kind: 'suggest' } ? Suggestion :
  T extends { kind: 'phaseMap' } ? PhaseMap :
  never;

/** A task on the wire: the config is replaced by its id, and included only the first time. */
type ToWire<T> = T extends { config: ExperimentConfig } ? Omit<T, 'config'> & { configId: number; config?: ExperimentConfig } : T;
export type WireTask = ToWire<WorkerTask>;

export type HostToWorker = { type: 'task'; id: number; task: WireTask };

export type WorkerToHost =
  | { type: 'ready' }
  | { type: 'progress'; id: number; fraction: number }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; message: string }
  | { type: 'stopped'; id: number };

export interface WorkerInit {
  /** Int32Array(1) view: the id of the task to stop. */
  cancel: SharedArrayBuffer;
}

/** How many configs a worker keeps (an experiment being edited and re-run needs only a couple). */
export const CONFIG_CACHE_SIZE = 4;

/**
 * Most-recently-used list of config ids, identical on both sides of a worker's channel: the pool
 * decides from it whether to include the config, the worker stores configs with the same evictions.
 */
export class ConfigLru<T> {
  private readonly entries = new Map<number, T>();

  constructor(private readonly capacity = CONFIG_CACHE_SIZE) {}

  has(id: number): boolean {
    return this.entries.has(id);
  }

  get(id: number): T | undefined {
    return this.entries.get(id);
  }

  /** Marks `id` as most recently used (storing `value`), evicting the least recently used. */
  touch(id: number, value: T): void {
    this.entries.delete(id);
    this.entries.set(id, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as number;
      this.entries.delete(oldest);
    }
  }
}

/** Type guard for messages coming from a worker (they come from our own code, but a dying worker may post anything). */
export function isWorkerToHost(message: unknown): message is WorkerToHost {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as { type?: unknown; id?: unknown };
  if (m.type === 'ready') return true;
  return (m.type === 'progress' || m.type === 'result' || m.type === 'error' || m.type === 'stopped') && typeof m.id === 'number';
}
