// The result cache: hits and misses, persistence in the storage folder, never a run of another
// config (fingerprint check), the engine version in every key.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { RunResult } from '../../../src/engine/results/types';
import { cacheKey, ENGINE_VERSION, suggestionIdentity } from '../../../src/extension/session/engineAdapter';
import { ResultCache } from '../../../src/extension/session/resultCache';
import { runFingerprint, runIdentity, type RunIdentity } from '../../../src/extension/session/runIdentity';
import { tinyConfig } from './helpers';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'clipexp-cache-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function run(name: string, risk: number[]): RunResult {
  return { name, status: 'ok', ode: { risk, mu: risk.map(() => 1), nu: risk, threshold: risk.map(() => Infinity), ccc: risk.map(() => 1) }, sgd: null, hsgd: null };
}

const id = (config = tinyConfig(), index = 0, hsgd = false, engine = ENGINE_VERSION): RunIdentity =>
  runIdentity(config, index, { hsgd }, engine, cacheKey);

describe('ResultCache', () => {
  it('misses, then hits after set, in memory and from disk in a new instance', async () => {
    const dir = tempDir();
    const cache = new ResultCache(dir);
    assert.equal(await cache.get(id()), undefined);
    await cache.set(id(), run('SGD', [1, 0.5, 0.25]));
    assert.deepEqual((await cache.get(id()))?.ode?.risk, [1, 0.5, 0.25]);
    assert.equal(cache.stats.hits, 1);
    assert.equal(cache.stats.misses, 1);
    const reopened = new ResultCache(dir); // "reopening VS Code"
    assert.deepEqual((await reopened.get(id()))?.ode?.risk, [1, 0.5, 0.25]);
  });

  it('keeps Infinity and NaN (diverged runs) through the disk', async () => {
    const dir = tempDir();
    await new ResultCache(dir).set(id(), run('SGD', [1, Infinity, NaN]));
    const back = await new ResultCache(dir).get(id());
    assert.equal(back?.ode?.risk[1], Infinity);
    assert.ok(Number.isNaN(back?.ode?.risk[2]));
    assert.equal(back?.ode?.threshold[0], Infinity);
  });

  it('never serves a run stored under the same key for a different config', async () => {
    const dir = tempDir();
    const cache = new ResultCache(dir);
    const a = id();
    await cache.set(a, run('SGD', [1]));
    // Same key, other fingerprint: what a hash collision or a key missing a parameter would look like.
    const other = tinyConfig({ horizon: 3 });
    const forged: RunIdentity = { key: a.key, fingerprint: runFingerprint(other, 0, { hsgd: false }, ENGINE_VERSION) };
    assert.equal(await cache.get(forged), undefined);
    assert.equal(await new ResultCache(dir).get(forged), undefined);
    assert.ok(cache.stats.rejected >= 1);
  });

  it('gives every parameter that changes the numbers its own key and fingerprint', () => {
    const base = tinyConfig();
    const variants = [
      tinyConfig({ horizon: 3 }),
      tinyConfig({ seeds: 4 }),
      tinyConfig({ seed: 1 }),
      tinyConfig({ ode: false }),
      tinyConfig({ record: { points: 21, spacing: 'log' } }),
      tinyConfig({ record: { points: 20, spacing: 'linear' } }),
      tinyConfig({ problem: { ...base.problem, dim: 41 } }),
      tinyConfig({ problem: { ...base.problem, noise: { kind: 'studentT', dof: 2, scale: 0.5 } } }),
      tinyConfig({ problem: { ...base.problem, spectrum: { kind: 'powerLaw', exponent: 1 } } }),
      tinyConfig({ problem: { ...base.problem, target: { kind: 'flat', norm: 2 } } }),
      tinyConfig({ problem: { ...base.problem, init: { kind: 'flat', norm: 1 } } }),
      tinyConfig({ runs: [{ name: 'SGD', lr: 0.4 }, ...base.runs.slice(1)] }),
      tinyConfig({ runs: [{ name: 'SGD', lr: 0.5, clip: { kind: 'constant', threshold: 9 } }, ...base.runs.slice(1)] }),
    ];
    const baseId = id(base);
    for (const variant of variants) {
      const other = id(variant);
      assert.notEqual(other.key, baseId.key, JSON.stringify(variant));
      assert.notEqual(other.fingerprint, baseId.fingerprint);
    }
    // The run's position matters too (its random streams depend on it) and so does C-HSGD.
    assert.notEqual(id(base, 1).key, id(base, 0).key);
    assert.notEqual(id(base, 0, true).key, baseId.key);
    // Cosmetic fields do not.
    assert.equal(id(tinyConfig({ name: 'renamed', description: 'x' })).key, baseId.key);
  });

  it('includes the engine version: another engine never gets this engine\'s results', async () => {
    const cache = new ResultCache(tempDir());
    await cache.set(id(), run('SGD', [1]));
    const nextEngine = id(tinyConfig(), 0, false, `${ENGINE_VERSION}-next`);
    assert.notEqual(nextEngine.fingerprint, id().fingerprint);
    assert.match(id().fingerprint, new RegExp(ENGINE_VERSION.replace(/\./g, '\\.')));
    assert.equal(await cache.get({ key: id().key, fingerprint: nextEngine.fingerprint }), undefined);
  });

  it('ignores corrupt or foreign files instead of failing', async () => {
    const dir = tempDir();
    const cache = new ResultCache(dir);
    writeFileSync(join(dir, `${id().key}.json`), '{ not json');
    assert.equal(await cache.get(id()), undefined);
    writeFileSync(join(dir, `${id().key}.json`), JSON.stringify({ format: 'other', key: id().key }));
    assert.equal(await new ResultCache(dir).get(id()), undefined);
  });

  it('bounds memory and disk', async () => {
    const dir = tempDir();
    const cache = new ResultCache(dir, { maxMemoryEntries: 2, maxFiles: 3 });
    const ids = [0, 1, 2, 3, 4].map((seed) => id(tinyConfig({ seed })));
    for (const [i, identity] of ids.entries()) await cache.set(identity, run('SGD', [i]));
    await cache.prune();
    assert.equal(readdirSync(dir).filter((n) => n.endsWith('.json')).length, 3);
  });

  it('keys the suggestion by the problem and the run it tunes, not by seeds, names or other runs', () => {
    const base = suggestionIdentity(tinyConfig());
    assert.equal(suggestionIdentity(tinyConfig({ seeds: 7, name: 'x' })).fingerprint, base.fingerprint);
    const added = tinyConfig();
    added.runs.push({ name: 'suggested heuristic kappa=0.7', lr: 0.5, clip: { kind: 'heuristic', param: 0.7 } });
    assert.equal(suggestionIdentity(added).fingerprint, base.fingerprint);
    assert.notEqual(suggestionIdentity(tinyConfig({ horizon: 5 })).fingerprint, base.fingerprint);
    assert.notEqual(suggestionIdentity(tinyConfig({ runs: [{ name: 'SGD', lr: 0.3 }] })).fingerprint, base.fingerprint);
    assert.notEqual(suggestionIdentity(tinyConfig({ problem: { ...tinyConfig().problem, noise: { kind: 'gaussian', scale: 0.5 } } })).fingerprint, base.fingerprint);
  });
});
