// Worker-thread entry (built to dist/worker.js): runs the engine's kernels for a WorkerPool.
// Protocol: ../shared/workerProtocol.ts. One task at a time; cancellation through the shared flag.
import { parentPort, workerData } from 'node:worker_threads';
import type { ExperimentConfig } from '../config/types';
import { simulateRunSeed, solveRunOde, suggestSchedule } from './experimentTasks';
import { ConfigLru, type HostToWorker, type WireTask, type WorkerInit, type WorkerToHost } from './workerProtocol';

/** Progress messages are throttled: the kernels may report far more often than anyone can draw. */
const PROGRESS_INTERVAL_MS = 50;

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const cancelFlag = new Int32Array((workerData as WorkerInit).cancel);
const configs = new ConfigLru<ExperimentConfig>();

function post(message: WorkerToHost, transfer: ArrayBuffer[] = []) {
  port!.postMessage(message, transfer);
}

function resolveConfig(task: Extract<WireTask, { configId: number }>): ExperimentConfig {
  const config = task.config ?? configs.get(task.configId);
  if (!config) throw new Error(`config ${task.configId} is not known to this worker`);
  configs.touch(task.configId, config);
  return config;
}

function busyWait(ms: number, shouldStop: () => boolean): boolean {
  const end = performance.now() + ms;
  while (performance.now() < end) if (shouldStop()) return true;
  return false;
}

function runTask(id: number, task: WireTask): void {
  const shouldStop = () => Atomics.load(cancelFlag, 0) === id;
  let lastProgress = 0;
  const onProgress = (fraction: number) => {
    const now = performance.now();
    if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
    lastProgress = now;
    post({ type: 'progress', id, fraction });
  };
  switch (task.kind) {
    case 'ode': {
      const result = solveRunOde(resolveConfig(task), task.runIndex);
      post({ type: 'result', id, result });
      return;
    }
    case 'seed': {
      const result = simulateRunSeed(resolveConfig(task), task.runIndex, task.seedIndex, task.simulation, { shouldStop, onProgress });
      if (result.stopped) {
        post({ type: 'stopped', id });
        return;
      }
      post({ type: 'result', id, result }, [result.risk.buffer as ArrayBuffer]);
      return;
    }
    case 'suggest': {
      const result = suggestSchedule(resolveConfig(task), task.runName);
      post({ type: 'result', id, result });
      return;
    }
    case 'diagnostic': {
      const start = performance.now();
      switch (task.action) {
        case 'exit':
          process.exit(3);
        // eslint-disable-next-line no-fallthrough
        case 'crash':
          setImmediate(() => {
            throw new Error('diagnostic crash');
          });
          return;
        case 'throw':
          throw new Error('diagnostic failure');
        case 'spin': {
          const stopped = busyWait(task.ms ?? 1000, shouldStop);
          if (stopped) post({ type: 'stopped', id });
          else post({ type: 'result', id, result: { elapsedMs: performance.now() - start, stopped } });
          return;
        }
        case 'hang':
          busyWait(task.ms ?? 1000, () => false);
          post({ type: 'result', id, result: { elapsedMs: performance.now() - start, stopped: false } });
          return;
      }
    }
  }
}

port.on('message', (message: HostToWorker) => {
  if (message?.type !== 'task') return;
  try {
    runTask(message.id, message.task);
  } catch (error) {
    post({ type: 'error', id: message.id, message: error instanceof Error ? error.message : String(error) });
  }
});

post({ type: 'ready' });
