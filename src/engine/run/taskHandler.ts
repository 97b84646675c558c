// What a worker thread does with each engine task: the ODE of a run, one seed, the suggestion, or
// the grid of a CCC phase map.
import { phaseMapGrid, simulateRunSeed, solveRunOde, suggestSchedule } from './experimentTasks';
import type { WireTask } from './workerProtocol';
import type { TaskContext } from './workerLoop';

export function runEngineTask(task: WireTask, context: TaskContext): void {
  switch (task.kind) {
    case 'ode':
      context.reply(solveRunOde(context.config(task), task.runIndex));
      return;
    case 'seed': {
      const result = simulateRunSeed(context.config(task), task.runIndex, task.seedIndex, task.simulation, context);
      if (result.stopped) context.stopped();
      else context.reply(result, [result.risk.buffer as ArrayBuffer]);
      return;
    }
    case 'suggest':
      context.reply(suggestSchedule(context.config(task), task.runName));
      return;
    case 'phaseMap':
      context.reply(phaseMapGrid(context.config(task), task.rRange, task.tauRange));
      return;
  }
}
