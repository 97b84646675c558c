// WorkerPool: worker threads that run the engine's kernels (seeds, ODEs, suggestions) off the calling
// thread, so neither the extension host nor the CLI blocks.
//
// Usage (extension host or CLI):
//   const pool = new WorkerPool(path.join(extensionPath, 'dist', 'worker.js'));   // size = cores
//   const controller = new AbortController();
//   const result = await runExperiment(config, { pool, signal: controller.signal, events });  // runner.ts
//   controller.abort();   // cancel: that experiment's queued tasks are dropped, running ones stop
//                         // (cooperatively, else the worker is terminated and replaced) within ~100 ms
//   await pool.close();   // when the extension deactivates / the CLI exits
// Lower level: `pool.run(task, { signal, onProgress })` runs one WorkerTask (workerProtocol.ts)
// and resolves with its result; it rejects with an AbortError when cancelled, and with a
// WorkerCrashError when the worker running it dies (the worker is replaced; other tasks carry on).
// Tasks start in the order they were submitted (FIFO), one per worker.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ExperimentConfig } from '../config/types';
import {
  ConfigLru,
  isWorkerToHost,
  type HostToWorker,
  type TaskResult,
  type WireTask,
  type WorkerInit,
  type WorkerTask,
  type WorkerToHost,
} from './workerProtocol';

export interface PoolOptions {
  /** Number of worker threads; default os.availableParallelism(). */
  size?: number;
  /** How long a cancelled task may take to notice its cancel flag before its worker is terminated. */
  cancelGraceMs?: number;
  /** Idle workers are terminated after this long (0 = keep them); new ones start on demand. */
  idleTimeoutMs?: number;
}

export interface TaskOptions {
  signal?: AbortSignal;
  onProgress?(fraction: number): void;
}

/** The error of a cancelled task or experiment (name "AbortError", like fetch's). */
export class AbortError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'AbortError';
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** The worker running a task died (crash, process.exit, out of memory). The task can be re-run. */
export class WorkerCrashError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerCrashError';
  }
}

/** A task that failed inside the worker (the kernel threw); the worker itself is fine. */
export class TaskError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskError';
  }
}

interface PendingTask {
  id: number;
  task: WorkerTask;
  options: TaskOptions;
  resolve(value: unknown): void;
  reject(error: Error): void;
  settled: boolean;
  removeAbortListener?: () => void;
}

type SlotState = 'starting' | 'idle' | 'busy' | 'stopping';

interface Slot {
  worker: Worker;
  state: SlotState;
  cancel: Int32Array;
  task?: PendingTask;
  configs: ConfigLru<true>;
  graceTimer?: NodeJS.Timeout;
  idleTimer?: NodeJS.Timeout;
  gone: boolean;
}

const MAX_STARTUP_FAILURES = 3;

export class WorkerPool {
  readonly size: number;
  private readonly cancelGraceMs: number;
  private readonly idleTimeoutMs: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: PendingTask[] = [];
  private readonly configIds = new WeakMap<ExperimentConfig, number>();
  private nextConfigId = 1;
  private nextTaskId = 1;
  private startupFailures = 0;
  private broken?: Error;
  private closed = false;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(private readonly workerScript: string, options: PoolOptions = {}) {
    if (!existsSync(workerScript)) throw new Error(`worker script not found: ${workerScript} (run "npm run build")`);
    const size = options.size ?? availableParallelism();
    this.size = Number.isInteger(size) && size >= 1 ? Math.min(size, 256) : 1;
    this.cancelGraceMs = options.cancelGraceMs ?? 30;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 0;
  }

  /** Runs one task on the next free worker. */
  run<T extends WorkerTask>(task: T, options: TaskOptions = {}): Promise<TaskResult<T>> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    if (this.broken) return Promise.reject(this.broken);
    if (options.signal?.aborted) return Promise.reject(new AbortError());
    return new Promise<TaskResult<T>>((resolve, reject) => {
      const pending: PendingTask = { id: this.nextTaskId++, task, options, resolve: resolve as (v: unknown) => void, reject, settled: false };
      if (options.signal) {
        const signal = options.signal;
        const onAbort = () => this.cancel(pending);
        signal.addEventListener('abort', onAbort, { once: true });
        pending.removeAbortListener = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(pending);
      this.dispatch();
    });
  }

  /** Workers currently running (or being stopped from running) a task. */
  get busyCount(): number {
    let n = 0;
    for (const slot of this.slots) if (slot.state === 'busy' || slot.state === 'stopping') n++;
    return n;
  }

  get queuedCount(): number {
    return this.queue.length;
  }

  get workerCount(): number {
    return this.slots.size;
  }

  /** Resolves when no task is queued or running. */
  whenIdle(): Promise<void> {
    if (this.queue.length === 0 && this.busyCount === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Rejects queued tasks, terminates every worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const pending of this.queue.splice(0)) this.settle(pending, new Error('the worker pool is closed'));
    const terminations: Promise<number>[] = [];
    for (const slot of [...this.slots]) {
      if (slot.task) this.settle(slot.task, new Error('the worker pool is closed'));
      terminations.push(this.retire(slot));
    }
    await Promise.allSettled(terminations);
    this.notifyIdle();
  }

  // ---- scheduling ----

  private dispatch(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (slot.state === 'idle') this.start(slot, this.queue.shift()!);
    }
    let starting = 0;
    for (const slot of this.slots) if (slot.state === 'starting') starting++;
    while (this.queue.length > starting && this.slots.size < this.size && !this.broken) {
      this.spawn();
      starting++;
    }
    this.notifyIdle();
  }

  private notifyIdle(): void {
    if (this.idleWaiters.length === 0 || this.queue.length > 0 || this.busyCount > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private spawn(): void {
    const cancel = new SharedArrayBuffer(4);
    const init: WorkerInit = { cancel };
    // execArgv: [] so workers do not inherit loaders or inspector flags of the host process.
    const worker = new Worker(this.workerScript, { workerData: init, execArgv: [] });
    const slot: Slot = { worker, state: 'starting', cancel: new Int32Array(cancel), configs: new ConfigLru<true>(), gone: false };
    this.slots.add(slot);
    worker.on('message', (message: unknown) => this.onMessage(slot, message));
    worker.on('error', (error: Error) => this.onDeath(slot, `worker crashed: ${error.message}`));
    worker.on('exit', (code: number) => this.onDeath(slot, `worker exited with code ${code}`));
  }

  private start(slot: Slot, pending: PendingTask): void {
    clearTimeout(slot.idleTimer);
    slot.state = 'busy';
    slot.task = pending;
    const message: HostToWorker = { type: 'task', id: pending.id, task: this.toWire(slot, pending.task) };
    slot.worker.postMessage(message);
  }

  private toWire(slot: Slot, task: WorkerTask): WireTask {
    if (!('config' in task)) return task as WireTask;
    let configId = this.configIds.get(task.config);
    if (configId === undefined) {
      configId = this.nextConfigId++;
      this.configIds.set(task.config, configId);
    }
    const known = slot.configs.has(configId);
    slot.configs.touch(configId, true);
    const { config, ...rest } = task;
    return (known ? { ...rest, configId } : { ...rest, configId, config }) as WireTask;
  }

  private onMessage(slot: Slot, raw: unknown): void {
    if (slot.gone || !isWorkerToHost(raw)) return;
    const message: WorkerToHost = raw;
    if (message.type === 'ready') {
      this.startupFailures = 0;
      slot.state = 'idle';
      this.becameIdle(slot);
      return;
    }
    const pending = slot.task;
    if (!pending || pending.id !== message.id) return;
    if (message.type === 'progress') {
      if (!pending.settled) pending.options.onProgress?.(message.fraction);
      return;
    }
    clearTimeout(slot.graceTimer);
    slot.task = undefined;
    slot.state = 'idle';
    if (message.type === 'result') this.settle(pending, undefined, message.result);
    else if (message.type === 'error') this.settle(pending, new TaskError(message.message));
    else this.settle(pending, new AbortError());
    this.becameIdle(slot);
  }

  private becameIdle(slot: Slot): void {
    this.dispatch();
    if (slot.state === 'idle' && this.idleTimeoutMs > 0) {
      clearTimeout(slot.idleTimer);
      slot.idleTimer = setTimeout(() => {
        if (slot.state === 'idle') void this.retire(slot);
      }, this.idleTimeoutMs);
      slot.idleTimer.unref();
    }
  }

  private onDeath(slot: Slot, reason: string): void {
    if (slot.gone) return;
    const wasStarting = slot.state === 'starting';
    this.forget(slot);
    if (this.closed) return;
    if (slot.task) this.settle(slot.task, new WorkerCrashError(reason));
    if (wasStarting && ++this.startupFailures >= MAX_STARTUP_FAILURES) {
      this.broken = new Error(`worker threads fail to start (${reason}); script: ${this.workerScript}`);
      for (const pending of this.queue.splice(0)) this.settle(pending, this.broken);
    }
    this.dispatch();
  }

  /** Removes a slot from the pool (its worker is dead or being terminated). */
  private forget(slot: Slot): void {
    slot.gone = true;
    clearTimeout(slot.graceTimer);
    clearTimeout(slot.idleTimer);
    this.slots.delete(slot);
  }

  private retire(slot: Slot): Promise<number> {
    this.forget(slot);
    return slot.worker.terminate();
  }

  // ---- cancellation ----

  private cancel(pending: PendingTask): void {
    if (pending.settled) return;
    const queued = this.queue.indexOf(pending);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(pending, new AbortError());
      this.notifyIdle();
      return;
    }
    const slot = [...this.slots].find((s) => s.task === pending);
    this.settle(pending, new AbortError());
    if (!slot) return;
    // Ask the kernel to stop; if it has not stopped after the grace period, terminate the worker.
    slot.state = 'stopping';
    Atomics.store(slot.cancel, 0, pending.id);
    slot.graceTimer = setTimeout(() => {
      if (slot.task !== pending || slot.gone) return;
      slot.task = undefined;
      void this.retire(slot);
      this.dispatch();
    }, this.cancelGraceMs);
  }

  private settle(pending: PendingTask, error?: Error, value?: unknown): void {
    if (pending.settled) return;
    pending.settled = true;
    pending.removeAbortListener?.();
    if (error) pending.reject(error);
    else pending.resolve(value);
  }
}
