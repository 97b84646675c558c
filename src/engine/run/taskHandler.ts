// What a worker thread does with each engine task: the ODE of a run, one seed, or the suggestion.
import { simulateRunSeed, solveRunOde, suggestSchedule } from './experimentTasks';
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
  }
}
