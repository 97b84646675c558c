// A worker for the pool's tests: the engine's tasks plus test-only actions that exercise crashes and
// cancellation without depending on kernel timings (the shipped worker has none of these).
import { runEngineTask } from '../../../src/engine/run/taskHandler';
import { serveTasks } from '../../../src/engine/run/workerLoop';
import type { WireTask } from '../../../src/engine/run/workerProtocol';

export type DiagnosticAction =
  | 'exit'    // process.exit(3) inside the worker: the worker thread dies
  | 'crash'   // an uncaught exception outside the task: the worker thread dies
  | 'throw'   // the task throws: an `error` reply, the worker survives
  | 'spin'    // busy for `ms`, checking the cancel flag (cooperative)
  | 'hang';   // busy for `ms`, ignoring the cancel flag (the pool must terminate it)

export interface DiagnosticTask { kind: 'diagnostic'; action: DiagnosticAction; ms?: number }
export interface DiagnosticResult { elapsedMs: number; stopped: boolean }

function busyWait(ms: number, shouldStop: () => boolean): boolean {
  const end = performance.now() + ms;
  while (performance.now() < end) if (shouldStop()) return true;
  return false;
}

serveTasks((task, context) => {
  const diagnostic = task as unknown as DiagnosticTask;
  if (diagnostic.kind !== 'diagnostic') {
    runEngineTask(task as WireTask, context);
    return;
  }
  const start = performance.now();
  switch (diagnostic.action) {
    case 'exit':
      process.exit(3);
      break;
    case 'crash':
      setImmediate(() => {
        throw new Error('diagnostic crash');
      });
      return;
    case 'throw':
      throw new Error('diagnostic failure');
    case 'spin': {
      const stopped = busyWait(diagnostic.ms ?? 1000, context.shouldStop);
      if (stopped) context.stopped();
      else context.reply({ elapsedMs: performance.now() - start, stopped } satisfies DiagnosticResult);
      return;
    }
    case 'hang':
      busyWait(diagnostic.ms ?? 1000, () => false);
      context.reply({ elapsedMs: performance.now() - start, stopped: false } satisfies DiagnosticResult);
      return;
  }
});
