// Issue 8, item 3: editing a threshold in the text and saving updates that run only.
// The user's way: the panel on the left, the same file as text on the right (split, then "Reopen
// Editor with Text Editor"), Find/Replace in the text, save.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withSession } from './harness';
import { cliRun, curve, finalRisks, openExperiment, readChart, readExperiment, relDiff, waitForChart, waitForDone, type ChartSummary } from './clipexp';

const FILE = 'cauchy.clipexp.json';
const RUN = 'clip c=16';

function curveOf(chart: ChartSummary, name: string): string {
  return JSON.stringify(curve(chart, name, 'sgd')?.data ?? null) + JSON.stringify(curve(chart, name, 'ode')?.data ?? null);
}

test('editing one run\'s threshold in the text and saving recomputes that run only', async () => {
  await withSession({ name: '03-edit-threshold' }, async (s) => {
    const config = readExperiment(s, FILE);
    const others: string[] = config.runs.map((r: { name: string }) => r.name).filter((n: string) => n !== RUN);
    assert.equal(config.runs.find((r: { name: string }) => r.name === RUN).clip.threshold, 16);
    await openExperiment(s, FILE);
    await waitForDone(s);
    const before = await readChart(s);

    // The text beside the panel.
    await s.runCommand('View: Split Editor Right');
    await s.runCommand('View: Reopen Editor with Text Editor');
    const editor = s.page.locator('.editor-group-container.active .monaco-editor').first();
    await editor.locator('.view-lines', { hasText: '"threshold": 16' }).waitFor({ state: 'visible' });
    assert.equal(await s.page.locator('iframe.webview.ready').count(), 1, 'the panel stays open beside the text');

    // Find/Replace "threshold": 16 -> 8, then save.
    await editor.locator('.view-lines').click();
    await s.page.keyboard.press('Control+H');
    const find = editor.locator('.find-widget .find-part textarea');
    const replace = editor.locator('.find-widget .replace-part textarea');
    await find.fill('"threshold": 16');
    await replace.fill('"threshold": 8');
    await editor.locator('.find-widget .matchesCount', { hasText: /^1 of 1$/ }).waitFor({ state: 'visible' });
    await replace.press('Control+Alt+Enter');
    await editor.locator('.view-lines', { hasText: '"threshold": 8' }).waitFor({ state: 'visible' });
    await s.page.keyboard.press('Escape');
    await s.page.keyboard.press('Control+Home'); // back to the start of the text for the screenshot
    await s.screenshot('edited-text');
    await s.runCommand('File: Save');
    await s.page.locator('.tabs-container .tab.dirty').waitFor({ state: 'detached' });
    assert.equal(readExperiment(s, FILE).runs.find((r: { name: string }) => r.name === RUN).clip.threshold, 8, 'saved to disk');

    // The panel: the edited run gets a new curve, the others keep theirs and come from the cache.
    const panel = s.webviewFrame(0);
    await panel.locator(`table#runs-table tr[data-run="${RUN}"] td.clip`, { hasText: /c = 8(?![0-9.])/ }).waitFor({ state: 'visible' });
    const after = await waitForChart(s, (c) => curveOf(c, RUN) !== curveOf(before, RUN) && curve(c, RUN, 'sgd')!.data.some((p) => p.y !== null));
    await waitForDone(s);
    const done = await readChart(s);
    assert.ok(curveOf(after, RUN) !== curveOf(before, RUN) && curveOf(done, RUN) !== curveOf(before, RUN), 'the edited run changed');
    // Its final number is what the CLI computes for the edited file.
    const cli = cliRun(s.path(FILE)).runs.find((r: { name: string }) => r.name === RUN);
    const shown = (await finalRisks(s)).get(RUN);
    assert.ok(typeof shown === 'number' && relDiff(shown, cli.sgd.median.at(-1)) < 1e-9, `"${RUN}": panel ${shown}, CLI ${cli.sgd.median.at(-1)}`);
    for (const name of others) {
      assert.ok(curveOf(done, name) === curveOf(before, name), `"${name}" is unchanged`);
      const row = panel.locator(`table#runs-table tr[data-run="${name}"]`);
      const badges = (await row.locator('.badge').allInnerTexts()).map((b) => b.trim());
      // A diverged run keeps its "diverged" badge; any other unchanged run says it came from the cache.
      if (!badges.some((b) => b.startsWith('diverged'))) assert.ok(badges.includes('cached'), `"${name}" came from the cache (badges: ${badges.join(', ')})`);
    }
    // The Output channel (ClipExp: Show Output) says what was computed after the save.
    const log = s.extensionLog('clipexp.clipexp');
    const afterSave = log.slice(log.indexOf('run (saved)'));
    assert.match(afterSave, /computing 1 of 3 runs \(2 from the cache\)/, `only the edited run is computed after the save:\n${afterSave}`);
    // PRODUCT GAP (reported to the extension engineer): with the text editor beside the panel, one
    // "File: Save" fires onDidSaveTextDocument twice; the second run takes everything from the cache,
    // so the edited run also shows the "cached" badge. Not asserted here until fixed.
    await s.screenshot('panel-updated');
    assert.deepEqual(await s.errorNotifications(), []);
  });
});
