// The extension's settings (package.json "contributes.configuration"): worker threads, resource limits,
// when to run. The limits and threads are restricted settings: an untrusted workspace cannot raise them.
import { DEFAULT_LIMITS, type Limits } from '../engine';
import * as vscode from 'vscode';

export type RunOn = 'save' | 'edit';

export interface ClipexpSettings {
  threads: number;        // 0 = one less than the cores (at least 1)
  limits: Limits;
  runOn: RunOn;
}

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

export function readSettings(): ClipexpSettings {
  const config = vscode.workspace.getConfiguration('clipexp');
  const threads = config.get<number>('threads', 0);
  return {
    threads: typeof threads === 'number' && Number.isInteger(threads) && threads >= 0 ? threads : 0,
    limits: {
      maxDim: positive(config.get('limits.maxDim'), DEFAULT_LIMITS.maxDim),
      maxSeeds: positive(config.get('limits.maxSeeds'), DEFAULT_LIMITS.maxSeeds),
      maxPoints: positive(config.get('limits.maxPoints'), DEFAULT_LIMITS.maxPoints),
      maxMemoryBytes: positive(config.get('limits.maxMemoryMB'), DEFAULT_LIMITS.maxMemoryBytes / 2 ** 20) * 2 ** 20,
    },
    runOn: config.get<string>('runOn') === 'edit' ? 'edit' : 'save',
  };
}
