// Issue 8, item 7: every palette command (category "ClipExp") is listed and runs without an error
// notification, each with a visible effect. "Stop" is only offered while something runs (its `when`
// clause), so it is run on a deliberately long experiment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { withSession, type Session } from './harness';
import { openExperiment, panelIndexByTitle, readExperiment, statusText, waitForDone } from './clipexp';

const COMMANDS = [
  'ClipExp: New Experiment',
  'ClipExp: Run Experiment',
  'ClipExp: Stop',
  'ClipExp: Suggest Clipping Schedule',
  'ClipExp: Compare Experiments...',
  'ClipExp: Export Results...',
  'ClipExp: Show Output',
];

// Long enough (tens of seconds of seeds) that Stop is certainly offered while it runs.
const LONG = JSON.stringify({
  version: 1,
  name: 'Long run for Stop',
  problem: { dim: 10000, spectrum: { kind: 'identity' }, target: { kind: 'flat', norm: 1 }, init: { kind: 'zero' }, noise: { kind: 'gaussian', scale: 0.5 } },
  horizon: 40,
  runs: [{ name: 'SGD', lr: 0.5 }],
  seeds: 8,
  seed: 0,
  record: { points: 50, spacing: 'log' },
  ode: true,
}, null, 2);

async function listed(s: Session): Promise<string[]> {
  const rows = await s.paletteRows('ClipExp:');
  await s.paletteRow('ClipExp: Show Output').waitFor({ state: 'visible' });
  const labels = await rows.locator('.label-name').allInnerTexts();
  await s.page.keyboard.press('Escape');
  return [...new Set(labels.map((l) => l.trim()).filter((l) => l.startsWith('ClipExp:')))].sort();
}

async function noErrors(s: Session, after: string): Promise<void> {
  assert.deepEqual(await s.errorNotifications(), [], `no error notification after "${after}"`);
}

test('every ClipExp palette command is listed and runs without an error notification', async () => {
  await withSession({ name: '07-commands', files: { 'long.clipexp.json': LONG }, timeout: 180_000 }, async (s) => {
    const cauchy = readExperiment(s, 'cauchy.clipexp.json');
    await openExperiment(s, 'cauchy.clipexp.json');
    await waitForDone(s);

    // Listed: everything but Stop while nothing runs.
    const idle = await listed(s);
    assert.deepEqual(idle, COMMANDS.filter((c) => c !== 'ClipExp: Stop').sort(), 'the palette offers every command that applies');

    // Run Experiment: reruns (from the cache) and finishes.
    await s.runCommand('ClipExp: Run Experiment');
    await waitForDone(s);
    assert.match(s.extensionLog('clipexp.clipexp'), /run \(Run command\)/);
    await noErrors(s, 'Run Experiment');

    // Suggest Clipping Schedule: the card with its "Add as run" button.
    await s.runCommand('ClipExp: Suggest Clipping Schedule');
    await s.webviewFrame(0).locator('#suggestion button#add-suggested-run:enabled').waitFor({ state: 'visible', timeout: 45_000 });
    await noErrors(s, 'Suggest Clipping Schedule');

    // Export Results...: JSON in the CLI's result format.
    await s.runCommand('ClipExp: Export Results...');
    await s.pickQuickItem('JSON');
    const path = s.quickInput().locator('input');
    await s.page.locator('.quick-input-widget .quick-input-title', { hasText: 'as JSON' }).waitFor({ state: 'visible' });
    await s.waitForQuickInputValue(s.path('cauchy.results.json'));
    await path.press('Enter');
    await s.page.locator('.notifications-toasts .notification-toast', { hasText: 'exported to cauchy.results.json' }).waitFor({ state: 'visible' });
    const exported = JSON.parse(s.readWorkspaceFile('cauchy.results.json'));
    assert.equal(exported.format, 'clipexp-result');
    assert.deepEqual(exported.runs.map((r: { name: string }) => r.name), cauchy.runs.map((r: { name: string }) => r.name));
    await noErrors(s, 'Export Results...');

    // Show Output: the ClipExp log in the Output panel.
    await s.runCommand('ClipExp: Show Output');
    await s.page.locator('.part.panel .output-view .view-lines', { hasText: 'ClipExp activated' }).waitFor({ state: 'visible' });
    await s.screenshot('show-output');
    await noErrors(s, 'Show Output');

    // New Experiment: asks a name, writes <slug>.clipexp.json from the template and opens its panel.
    await s.runCommand('ClipExp: New Experiment');
    const name = s.quickInput().locator('input');
    await name.waitFor({ state: 'visible' });
    await name.fill('E2E check');
    await name.press('Enter');
    await s.tab('e2e-check.clipexp.json').waitFor({ state: 'visible' });
    assert.ok(existsSync(s.path('e2e-check.clipexp.json')), 'the new file is in the workspace');
    assert.equal(readExperiment(s, 'e2e-check.clipexp.json').name, 'E2E check');
    const fresh = await panelIndexByTitle(s, 'E2E check');
    await waitForDone(s, fresh);
    await s.screenshot('new-experiment');
    await noErrors(s, 'New Experiment');

    // Compare Experiments...: the active experiment with a picked one, side by side.
    await s.runCommand('ClipExp: Compare Experiments...');
    await s.pickQuickItem('gaussian.clipexp.json');
    await panelIndexByTitle(s, readExperiment(s, 'gaussian.clipexp.json').name);
    assert.equal(await s.page.locator('.editor-group-container').count(), 2, 'two editor groups');
    await noErrors(s, 'Compare Experiments...');

    // Stop: offered (and working) while a long experiment runs.
    await s.runCommand('View: Close All Editors');
    await openExperiment(s, 'long.clipexp.json');
    await s.webviewFrame(0).locator('#status', { hasText: /^Running/ }).waitFor({ state: 'visible' });
    assert.ok((await listed(s)).includes('ClipExp: Stop'), 'Stop is offered while running');
    await s.runCommand('ClipExp: Stop');
    await s.webviewFrame(0).locator('#status', { hasText: /^Stopped/ }).waitFor({ state: 'visible' });
    assert.match(await statusText(s), /^Stopped/);
    await s.screenshot('stopped');
    await noErrors(s, 'Stop');
    assert.ok(!(await listed(s)).includes('ClipExp: Stop'), 'Stop is no longer offered');
    assert.ok(readdirSync(s.workspace).includes('long.clipexp.json'));
  });
});
