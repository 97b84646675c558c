// Issue 8, item 2: the suggestion card appears; "Add as run" adds a run to the document text, and its
// curve appears (and, the point of the product, it beats plain SGD on Cauchy noise).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withSession } from './harness';
import { curve, drawn, finalRisks, openExperiment, readExperiment, waitForChart, waitForDone } from './clipexp';

const FILE = 'cauchy.clipexp.json';

test('the suggestion card\'s "Add as run" adds the suggested run to the file and its curve to the chart', async () => {
  await withSession({ name: '02-suggestion' }, async (s) => {
    const before = readExperiment(s, FILE);
    const textBefore = s.readWorkspaceFile(FILE);
    await openExperiment(s, FILE);
    await waitForDone(s);

    const panel = s.webviewFrame();
    const card = panel.locator('#suggestion');
    await card.waitFor({ state: 'visible' });
    const add = panel.locator('button#add-suggested-run');
    await panel.locator('button#add-suggested-run:enabled').waitFor({ state: 'visible' });
    assert.equal((await add.innerText()).trim(), 'Add as run');
    const cardText = await card.innerText();
    const kappa = /kappa = ([0-9]+(?:\.[0-9]+)?)/.exec(cardText)?.[1];
    assert.ok(kappa, `the card states the tuned kappa: ${cardText}`);
    await s.screenshot('suggestion-card');

    await add.click();
    await panel.locator('#suggestion-message', { hasText: /Added run/ }).waitFor({ state: 'visible' });
    const added = /Added run "([^"]+)"/.exec(await panel.locator('#suggestion-message').innerText())?.[1];
    assert.ok(added, 'the card names the added run');
    assert.match(added, /^suggested heuristic kappa=/);

    // The document text: save it (a no-op when the extension already did) and read the file.
    await s.runCommand('File: Save');
    await s.page.locator('.tabs-container .tab.dirty').waitFor({ state: 'detached' });
    const after = readExperiment(s, FILE);
    assert.equal(after.runs.length, before.runs.length + 1, 'one more run in the file');
    assert.deepEqual(after.runs.slice(0, -1), before.runs, 'the existing runs are untouched');
    const run = after.runs.at(-1);
    assert.equal(run.name, added);
    assert.equal(run.clip.kind, 'heuristic');
    assert.ok(Math.abs(run.clip.param - Number(kappa)) < 1e-3, `param ${run.clip.param} is the card's kappa ${kappa}`);
    assert.equal(run.lr, before.runs[0].lr, 'at the learning rate of the run it was tuned for');
    // A text edit, not a re-serialisation: the comment in the file survives.
    const comment = textBefore.split('\n').find((l) => l.trim().startsWith('//'));
    if (comment) assert.ok(s.readWorkspaceFile(FILE).includes(comment.trim()), 'comments are kept');

    // Its curve appears, next to the others, and it beats plain SGD.
    const chart = await waitForChart(s, (c) => drawn(curve(c, added, 'sgd')) > 0);
    assert.equal(new Set(chart.datasets.map((d) => d.runName)).size, before.runs.length + 1, 'one more run on the chart');
    await waitForDone(s);
    const risks = await finalRisks(s);
    const mine = risks.get(added);
    const sgd = risks.get(before.runs.find((r: { clip?: unknown }) => !r.clip).name);
    assert.ok(typeof mine === 'number' && typeof sgd === 'number', 'both final risks are shown');
    assert.ok(mine < sgd, `the suggested run (${mine}) beats plain SGD (${sgd})`);
    await s.screenshot('suggested-run-added');
    assert.deepEqual(await s.errorNotifications(), []);
  });
});
