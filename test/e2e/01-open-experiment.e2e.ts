// Issue 8, item 1: opening examples/cauchy.clipexp.json shows the ClipExp editor; within 30 s the
// chart has one curve per run (read from window.clipexpChart), and the final risks shown agree with
// `clipexp run` on the same file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withSession } from './harness';
import { cliRun, curve, drawn, finalRisks, openExperiment, readExperiment, relDiff, waitForChart, waitForDone } from './clipexp';

const FILE = 'cauchy.clipexp.json';

test('opening cauchy.clipexp.json shows the ClipExp editor with one curve per run and the CLI\'s final risks', async () => {
  await withSession({ name: '01-open-experiment' }, async (s) => {
    const config = readExperiment(s, FILE);
    const names: string[] = config.runs.map((r: { name: string }) => r.name);
    const opened = Date.now();
    await openExperiment(s, FILE);

    // The custom editor, not the text editor: the panel shows the experiment's name.
    const panel = s.webviewFrame();
    assert.equal((await panel.locator('#experiment-title').innerText()).trim(), config.name);
    assert.equal(await s.page.locator('.editor-group-container.active .monaco-editor .view-lines').count(), 0, 'no text editor in the active group');

    // Within 30 s of opening: one SGD-median curve per run, each with points.
    const chart = await waitForChart(s, (c) => names.every((n) => drawn(curve(c, n, 'sgd')) > 0), 0, Math.max(1000, 30_000 - (Date.now() - opened)));
    for (const name of names) {
      assert.equal(chart.datasets.filter((d) => d.runName === name && d.role === 'sgd').length, 1, `exactly one SGD curve for "${name}"`);
      assert.ok(curve(chart, name, 'ode'), `an ODE curve for "${name}"`);
    }
    assert.deepEqual([...new Set(chart.datasets.map((d) => d.runName))].sort(), [...names].sort(), 'no curves of other runs');
    assert.equal(chart.x.type, 'logarithmic', 'log-log by default');
    assert.equal(chart.y.type, 'logarithmic', 'log-log by default');
    await waitForDone(s, 0, Math.max(1000, 30_000 - (Date.now() - opened)));
    await s.screenshot('cauchy-done');

    // The CLI on the same file. Same master seed and per-seed streams => the same numbers; the seed
    // band [q10, q90] is the tolerance a different seed set would need.
    const cli = cliRun(s.path(FILE));
    const shown = await finalRisks(s);
    assert.deepEqual([...shown.keys()], names, 'one table row per run, in file order');
    const done = await waitForChart(s, () => true);
    for (const run of cli.runs) {
      const sgd = run.sgd;
      const expected = sgd.median.at(-1) as number;
      const value = shown.get(run.name);
      assert.ok(typeof value === 'number', `final risk of "${run.name}" is shown`);
      assert.ok(value >= sgd.q10.at(-1) && value <= sgd.q90.at(-1),
        `"${run.name}": panel ${value} inside the CLI's seed band [${sgd.q10.at(-1)}, ${sgd.q90.at(-1)}]`);
      // Bit-identical, though the panel's engine runs on code-server's Node 24 and the CLI on Node 20.
      assert.equal(value, expected, `"${run.name}": panel ${value} = CLI median ${expected} (same seeds, every machine)`);
      // The curve on the chart ends at the same number (the table and the chart agree).
      const last = curve(done, run.name, 'sgd')!.data.at(-1)!;
      assert.equal(last.x, config.horizon, `"${run.name}" curve ends at the horizon`);
      assert.ok(last.y !== null && relDiff(last.y, expected) < 1e-9, `"${run.name}" curve ends at ${last.y}, CLI ${expected}`);
    }
    assert.deepEqual(await s.errorNotifications(), [], 'no error notifications');
  });
});
