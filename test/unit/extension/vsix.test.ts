// The .vsix: built with vsce (offline), it holds the bundles, the schema, the manifest and the
// license, and nothing else (no sources, tests, node_modules, caches or source maps).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { inflateRawSync } from 'node:zlib';

const ROOT = join(__dirname, '..', '..', '..');
const out = mkdtempSync(join(tmpdir(), 'clipexp-vsix-'));
after(() => rmSync(out, { recursive: true, force: true }));

interface ZipEntry { name: string; method: number; compressedSize: number; localOffset: number }

/** The entries of a zip file, from its central directory. */
function zipEntries(zip: Buffer): ZipEntry[] {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'not a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(p), 0x02014b50);
    const method = zip.readUInt16LE(p + 10);
    const compressedSize = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const localOffset = zip.readUInt32LE(p + 42);
    entries.push({ name: zip.toString('utf8', p + 46, p + 46 + nameLength), method, compressedSize, localOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function readEntry(zip: Buffer, entry: ZipEntry): Buffer {
  const p = entry.localOffset;
  const start = p + 30 + zip.readUInt16LE(p + 26) + zip.readUInt16LE(p + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  return entry.method === 0 ? data : inflateRawSync(data);
}

describe('the .vsix package', { timeout: 180_000 }, () => {
  it('builds with vsce and contains exactly the bundles, schema, manifest and license', () => {
    const bundles = ['extension.js', 'worker.js', 'webview.js', 'webview.css'];
    if (!bundles.every((b) => existsSync(join(ROOT, 'dist', b)))) {
      execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
    }
    const vsix = join(out, 'clipexp.vsix');
    const vsce = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', vsix], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, VSCE_TELEMETRY: 'false' },
    });
    const zip = readFileSync(vsix);
    const entries = zipEntries(zip);
    const names = entries.map((e) => e.name);
    for (const bundle of bundles) assert.ok(names.includes(`extension/dist/${bundle}`), `missing dist/${bundle}: ${names.join(', ')}`);
    assert.ok(names.includes('extension/package.json'));
    assert.ok(names.includes('extension/media/clipexp.schema.json'));
    assert.ok(names.some((n) => /^extension\/LICENSE/.test(n)));
    for (const name of names) {
      assert.doesNotMatch(name, /^extension\/(src|test|webview|bench|scripts|node_modules|\.cache|examples|docs)\//, name);
      assert.doesNotMatch(name, /\.(ts|map|vsix)$/, name);
      assert.doesNotMatch(name, /(^|\/)(tsconfig\.json|esbuild\.mjs|package-lock\.json|\.vscodeignore)$/, name);
    }
    const allowed = /^(\[Content_Types\]\.xml|extension\.vsixmanifest|extension\/(package\.json|readme\.md|README\.md|LICENSE(\.txt|\.md)?|changelog\.md|CHANGELOG\.md|media\/clipexp\.schema\.json|dist\/(extension|worker|webview)\.(js|css)))$/;
    for (const name of names) assert.match(name, allowed, `unexpected file in the .vsix: ${name}`);

    // The packaged manifest is the extension we mean.
    const manifest = JSON.parse(readEntry(zip, entries.find((e) => e.name === 'extension/package.json')!).toString('utf8'));
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.contributes.customEditors[0].viewType, 'clipexp.experiment');
    assert.equal(manifest.contributes.customEditors[0].selector[0].filenamePattern, '*.clipexp.json');
    assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: '*.clipexp.json', url: './media/clipexp.schema.json' }]);
    assert.ok(manifest.capabilities.untrustedWorkspaces.supported);
    const titles = manifest.contributes.commands.map((c: { category: string; title: string }) => `${c.category}: ${c.title}`);
    for (const title of ['New Experiment', 'Run Experiment', 'Stop', 'Suggest Clipping Schedule', 'Compare Experiments...', 'Export Results...', 'Show Output']) {
      assert.ok(titles.includes(`ClipExp: ${title}`), title);
    }
    const webview = readEntry(zip, entries.find((e) => e.name === 'extension/dist/webview.js')!).toString('utf8');
    assert.match(webview, /clipexpChart/);
  });
});
