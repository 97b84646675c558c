// Worker-thread entry (built to dist/worker.js): serves the engine's tasks (taskHandler.ts) for a
// WorkerPool, through the message loop of workerLoop.ts (protocol: workerProtocol.ts).
import { runEngineTask } from './taskHandler';
import { serveTasks } from './workerLoop';

serveTasks(runEngineTask);
