// The message loop of a worker thread (see workerProtocol.ts): the ready handshake, one task at a
// time, configs named by id, throttled progress, the shared cancel flag, and errors as replies.
// worker.ts serves the engine's tasks with it; tests serve extra ones (crashes, hangs) the same way.
import { parentPort, workerData } from 'node:worker_threads';
import type { ExperimentConfig } from '../config/types';
import { ConfigLru, type HostToWorker, type WireTask, type WorkerInit, type WorkerToHost } from './workerProtocol';

/** Progress messages are throttled: the kernels may report far more often than anyone can draw. */
const PROGRESS_INTERVAL_MS = 50;

export interface TaskContext {
  readonly id: number;
  /** True once the pool asked this task to stop (kernels poll it between steps). */
  shouldStop(): boolean;
  onProgress(fraction: number): void;
  /** The task's config (sent once per worker, then named by id). */
  config(task: { configId: number; config?: ExperimentConfig }): ExperimentConfig;
  reply(result: unknown, transfer?: ArrayBuffer[]): void;
  stopped(): void;
}

export type TaskHandler = (task: WireTask, context: TaskContext) => void;

export function serveTasks(handle: TaskHandler): void {
  const port = parentPort;
  if (!port) throw new Error('a worker script must run in a worker thread');
  const cancelFlag = new Int32Array((workerData as WorkerInit).cancel);
  const configs = new ConfigLru<ExperimentConfig>();
  const post = (message: WorkerToHost, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

  const contextFor = (id: number): TaskContext => {
    let lastProgress = 0;
    return {
      id,
      shouldStop: () => Atomics.load(cancelFlag, 0) === id,
      onProgress(fraction) {
        const now = performance.now();
        if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
        lastProgress = now;
        post({ type: 'progress', id, fraction });
      },
      config(task) {
        const config = task.config ?? configs.get(task.configId);
        if (!config) throw new Error(`config ${task.configId} is not known to this worker`);
        configs.touch(task.configId, config);
        return config;
      },
      reply: (result, transfer = []) => post({ type: 'result', id, result }, transfer),
      stopped: () => post({ type: 'stopped', id }),
    };
  };

  port.on('message', (message: HostToWorker) => {
    if (message?.type !== 'task') return;
    try {
      handle(message.task, contextFor(message.id));
    } catch (error) {
      post({ type: 'error', id: message.id, message: error instanceof Error ? error.message : String(error) });
    }
  });
  post({ type: 'ready' });
}
