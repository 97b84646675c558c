// Finished runs, keyed by their cache key and checked against their full fingerprint (runIdentity.ts).
// An in-memory LRU in front of one small JSON file per run in the extension's global storage, so
// reopening VS Code shows the last results at once. Never imports `vscode` (node tests use it).
import type { RunResult } from '../../engine';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { RunIdentity } from './runIdentity';

const FILE_FORMAT = 'clipexp-run-cache';
const FILE_VERSION = 1;

interface Entry<T> {
  fingerprint: string;
  run: T;
}

export interface ResultCacheOptions {
  maxMemoryEntries?: number;
  maxFiles?: number;
  log?: (message: string) => void;
}

// JSON has no Infinity/NaN, and diverged runs are full of them.
function encodeNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? { $number: String(value) } : value;
}
function decodeNumbers(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '$number') return Number((value as { $number: string }).$number);
  }
  return value;
}

export class ResultCache<T = RunResult> {
  private readonly memory = new Map<string, Entry<T>>();
  private readonly maxMemoryEntries: number;
  private readonly maxFiles: number;
  private writesSincePrune = 0;
  stats = { hits: 0, misses: 0, rejected: 0 };

  /** `dir` undefined = memory only. */
  constructor(private readonly dir: string | undefined, private readonly options: ResultCacheOptions = {}) {
    this.maxMemoryEntries = options.maxMemoryEntries ?? 500;
    this.maxFiles = options.maxFiles ?? 2_000;
  }

  /** The cached run for exactly this identity, or undefined. Never a run of a different fingerprint. */
  async get(id: RunIdentity): Promise<T | undefined> {
    const inMemory = this.memory.get(id.key);
    if (inMemory) {
      if (inMemory.fingerprint === id.fingerprint) {
        this.touch(id.key, inMemory);
        this.stats.hits++;
        return inMemory.run;
      }
      this.stats.rejected++;
      this.memory.delete(id.key);
    }
    const fromDisk = await this.read(id.key);
    if (fromDisk && fromDisk.fingerprint === id.fingerprint) {
      this.touch(id.key, fromDisk);
      this.stats.hits++;
      return fromDisk.run;
    }
    if (fromDisk) this.stats.rejected++;
    this.stats.misses++;
    return undefined;
  }

  async set(id: RunIdentity, run: T): Promise<void> {
    const entry = { fingerprint: id.fingerprint, run };
    this.touch(id.key, entry);
    if (!this.dir) return;
    const text = JSON.stringify({ format: FILE_FORMAT, version: FILE_VERSION, key: id.key, ...entry }, encodeNumbers);
    try {
      await fs.mkdir(this.dir, { recursive: true });
      const file = this.file(id.key);
      const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
      await fs.writeFile(temp, text, 'utf8');
      await fs.rename(temp, file);
      if (++this.writesSincePrune >= 50) {
        this.writesSincePrune = 0;
        await this.prune();
      }
    } catch (error) {
      this.options.log?.(`result cache: could not write ${id.key}: ${String(error)}`);
    }
  }

  async clear(): Promise<void> {
    this.memory.clear();
    if (!this.dir) return;
    await fs.rm(this.dir, { recursive: true, force: true });
  }

  private touch(key: string, entry: Entry<T>): void {
    this.memory.delete(key);
    this.memory.set(key, entry);
    while (this.memory.size > this.maxMemoryEntries) {
      const oldest = this.memory.keys().next().value as string;
      this.memory.delete(oldest);
    }
  }

  private file(key: string): string {
    return join(this.dir as string, `${key}.json`);
  }

  private async read(key: string): Promise<Entry<T> | undefined> {
    if (!this.dir) return undefined;
    let text: string;
    try {
      text = await fs.readFile(this.file(key), 'utf8');
    } catch {
      return undefined; // not cached
    }
    try {
      const data = JSON.parse(text, decodeNumbers) as Record<string, unknown>;
      if (data.format !== FILE_FORMAT || data.version !== FILE_VERSION || data.key !== key) return undefined;
      if (typeof data.fingerprint !== 'string' || typeof data.run !== 'object' || data.run === null) return undefined;
      return { fingerprint: data.fingerprint, run: data.run as T };
    } catch (error) {
      this.options.log?.(`result cache: ignoring unreadable entry ${key}: ${String(error)}`);
      return undefined;
    }
  }

  /** Keep the newest `maxFiles` entries on disk. */
  async prune(): Promise<void> {
    if (!this.dir) return;
    const names = (await fs.readdir(this.dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json'));
    if (names.length <= this.maxFiles) return;
    const withTimes = await Promise.all(
      names.map(async (name) => ({ name, mtime: (await fs.stat(join(this.dir as string, name)).catch(() => null))?.mtimeMs ?? 0 })),
    );
    withTimes.sort((a, b) => a.mtime - b.mtime);
    for (const { name } of withTimes.slice(0, names.length - this.maxFiles)) {
      await fs.rm(join(this.dir, name), { force: true });
    }
  }
}
