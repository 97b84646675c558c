// Issue 8, item 5: "ClipExp: Compare Experiments..." opens two panels side by side (with linked axes);
// the run picker hides a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withSession } from './harness';
import { openExperiment, panelIndexByTitle, readChart, readExperiment, relDiff, waitForChart, waitForDone } from './clipexp';

const FIRST = 'cauchy.clipexp.json';
const SECOND = 'gaussian.clipexp.json';

test('Compare Experiments opens two linked panels side by side, and the run picker hides a run', async () => {
  await withSession({ name: '05-compare' }, async (s) => {
    const first = readExperiment(s, FIRST);
    const second = readExperiment(s, SECOND);
    await openExperiment(s, FIRST);
    await waitForDone(s);

    await s.runCommand('ClipExp: Compare Experiments...');
    await s.pickQuickItem(SECOND);
    await s.page.locator('iframe.webview.ready').nth(1).waitFor({ state: 'attached', timeout: 45_000 });
    await s.webviewFrame(1).locator('canvas#loss-chart').waitFor({ state: 'visible', timeout: 45_000 });
    assert.equal(await s.page.locator('.editor-group-container').count(), 2, 'two editor groups');
    const a = await panelIndexByTitle(s, first.name);
    const b = await panelIndexByTitle(s, second.name);
    assert.notEqual(a, b);
    await waitForDone(s, a);
    await waitForDone(s, b);

    // Side by side: both webviews visible, left and right of each other, at the same height.
    const boxA = await s.page.locator('iframe.webview.ready').nth(a).boundingBox();
    const boxB = await s.page.locator('iframe.webview.ready').nth(b).boundingBox();
    assert.ok(boxA && boxB && boxA.width > 300 && boxB.width > 300, `both panels are visible: ${JSON.stringify([boxA, boxB])}`);
    assert.ok(boxA.x + boxA.width <= boxB.x + 1, `${FIRST} is left of ${SECOND}: ${JSON.stringify([boxA, boxB])}`);
    assert.ok(Math.abs(boxA.y - boxB.y) < 2, 'at the same height');

    // Linked: each panel names the other file, and their axes have the same ranges.
    for (const [index, other] of [[a, SECOND], [b, FIRST]] as const) {
      const note = s.webviewFrame(index).locator('#link-note');
      await note.waitFor({ state: 'visible' });
      assert.match(await note.innerText(), new RegExp(other.replace(/\./g, '\\.')), `panel ${index} says it is linked with ${other}`);
    }
    const linked = await waitForChart(s, (c) => c.datasets.length > 0, a);
    const linkedB = await readChart(s, b);
    for (const axis of ['x', 'y'] as const) {
      assert.ok(relDiff(linked[axis].min, linkedB[axis].min) < 1e-9 && relDiff(linked[axis].max, linkedB[axis].max) < 1e-9,
        `${axis} axes linked: ${JSON.stringify(linked[axis])} vs ${JSON.stringify(linkedB[axis])}`);
    }
    await s.screenshot('side-by-side');

    // The run picker hides one run of the first panel, and only that one.
    const hide = first.runs[0].name as string;
    const box = s.webviewFrame(a).locator(`#run-picker input[type=checkbox][data-run="${hide}"]`);
    assert.equal(await box.isChecked(), true);
    await box.uncheck();
    const after = await waitForChart(s, (c) => c.datasets.filter((d) => d.runName === hide).every((d) => !d.visible), a);
    for (const d of after.datasets) {
      if (d.runName === hide) assert.equal(d.hidden, true, `${d.runName}/${d.role} hidden`);
      else assert.equal(d.visible, true, `${d.runName}/${d.role} still shown`);
    }
    const otherPanel = await readChart(s, b);
    assert.ok(otherPanel.datasets.every((d) => d.visible), `the other panel shows all its runs`);
    await s.screenshot('run-hidden');
    // And back.
    await box.check();
    await waitForChart(s, (c) => c.datasets.every((d) => d.visible), a);
    assert.deepEqual(await s.errorNotifications(), []);
  });
});
