// Issue 8, item 6: "ClipExp: Export Results..." writes a CSV whose numbers match the chart.
// The user's way: palette, pick "CSV", accept the proposed file in the save dialog.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { withSession } from './harness';
import { curve, openExperiment, readChart, readExperiment, relDiff, waitForDone } from './clipexp';

const FILE = 'cauchy.clipexp.json';
const CSV = 'cauchy.results.csv';

/** Which CSV column each chart curve is drawn from. */
const COLUMN_OF_ROLE: Record<string, string> = { sgd: 'sgd_median', 'sgd-q10': 'sgd_q10', 'sgd-q90': 'sgd_q90', ode: 'ode_risk' };

function parseCsv(text: string): { header: string[]; rows: string[][] } {
  // The engine quotes only run names that hold a comma or a quote; the example's names hold neither.
  const lines = text.trimEnd().split('\n');
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

test('Export Results writes a CSV whose numbers match the chart', async () => {
  await withSession({ name: '06-export' }, async (s) => {
    const config = readExperiment(s, FILE);
    await openExperiment(s, FILE);
    await waitForDone(s);
    const chart = await readChart(s);

    await s.runCommand('ClipExp: Export Results...');
    await s.pickQuickItem('CSV');
    // The save dialog proposes <name>.results.csv next to the experiment.
    const path = s.quickInput().locator('input');
    await s.page.locator('.quick-input-widget .quick-input-title', { hasText: 'as CSV' }).waitFor({ state: 'visible' });
    await s.waitForQuickInputValue(s.path(CSV));
    await s.screenshot('save-dialog');
    await path.press('Enter');
    await s.page.locator('.notifications-toasts .notification-toast', { hasText: `exported to ${CSV}` }).waitFor({ state: 'visible' });
    assert.ok(existsSync(s.path(CSV)), `${CSV} written`);

    const { header, rows } = parseCsv(s.readWorkspaceFile(CSV));
    assert.deepEqual(header.slice(0, 2), ['run', 't']);
    const col = (name: string) => { const i = header.indexOf(name); assert.ok(i >= 0, `column ${name}`); return i; };
    for (const run of config.runs) {
      const mine = rows.filter((r) => r[0] === run.name);
      assert.equal(mine.length, config.record.points, `${config.record.points} rows for "${run.name}"`);
      const byT = new Map(mine.map((r) => [Number(r[col('t')]), r]));
      let compared = 0;
      for (const [role, column] of Object.entries(COLUMN_OF_ROLE)) {
        const drawnCurve = curve(chart, run.name, role);
        assert.ok(drawnCurve, `the chart has the ${role} curve of "${run.name}"`);
        for (const p of drawnCurve.data) {
          const row = byT.get(p.x);
          assert.ok(row, `"${run.name}": the chart's t = ${p.x} is a CSV row`);
          const cell = row[col(column)];
          if (p.y === null) {
            // A gap on the chart: not drawable on a log axis (inf, nan, empty, or <= 0) in the file.
            assert.ok(cell === '' || cell === 'inf' || cell === 'nan' || Number(cell) <= 0, `"${run.name}" ${column} at t = ${p.x}: gap on the chart, ${cell} in the CSV`);
          } else {
            assert.ok(relDiff(Number(cell), p.y) < 1e-12, `"${run.name}" ${column} at t = ${p.x}: chart ${p.y}, CSV ${cell}`);
            compared++;
          }
        }
      }
      assert.ok(compared > 100, `"${run.name}": ${compared} numbers compared`);
    }
    assert.deepEqual(await s.errorNotifications(), []);
  });
});
