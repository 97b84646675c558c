// Run is off while the file has errors: the clipexp.hasErrors context key in the menus' `when`
// clauses (set from the session's problems, which follow every edit) and the panel's #run-button.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseExperiment } from '../../../src/engine/config/validate';
import { ExperimentSession, type SessionServices } from '../../../src/extension/session/experimentSession';
import { hasErrors } from '../../../src/shared/webviewProtocol';
import { configText, tinyConfig } from './helpers';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));

describe('Run enablement', () => {
  it('every editor/palette entry of clipexp.run requires !clipexp.hasErrors', () => {
    const menus = manifest.contributes.menus as Record<string, { command: string; when?: string }[]>;
    const runEntries = [...menus.commandPalette, ...menus['editor/title']].filter((m) => m.command === 'clipexp.run');
    assert.ok(runEntries.length >= 3);
    for (const entry of runEntries) assert.match(entry.when ?? '', /&& !clipexp\.hasErrors$/, entry.when);
  });

  it('an edit that breaks the file reports the change at once (the context key follows), with errors', () => {
    let text = configText(tinyConfig());
    let changes = 0;
    const services = { engine: { parse: (t: string) => parseExperiment(t) }, onDidChange: () => changes++, log: { info() {}, warn() {}, error() {} } } as unknown as SessionServices;
    const session = new ExperimentSession({ uriString: 'file:///x.clipexp.json', fileName: 'x.clipexp.json', version: 1, getText: () => text }, services);
    session.documentChanged();
    assert.equal(hasErrors(session.problems), false);
    text = text.replace('"dim": 40', '"dim": 0');
    const before = changes;
    session.documentChanged();
    assert.ok(changes > before, 'onDidChange fired');
    assert.equal(hasErrors(session.problems), true);
    assert.equal(hasErrors([{ severity: 'warning' }]), false);
  });
});
