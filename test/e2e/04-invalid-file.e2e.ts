// Issue 8, item 4: a file with an error shows a diagnostic in the Problems view at the right line, and
// the panel says what is wrong instead of going blank. Two kinds: a value out of range (the engine's
// validator) and broken JSON (the parser).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, withSession } from './harness';
import { lineOf } from './clipexp';

const cauchy = readFileSync(join(ROOT, 'examples', 'cauchy.clipexp.json'), 'utf8');
// dof must be > 0.
const badValue = cauchy.replace('"dof": 1,', '"dof": 0,');
// A missing comma after "horizon": 10.
const badSyntax = cauchy.replace('"horizon": 10,', '"horizon": 10');

test('an invalid file gets a located diagnostic in the Problems view and an error banner in the panel', async () => {
  assert.notEqual(badValue, cauchy);
  assert.notEqual(badSyntax, cauchy);
  const files = { 'bad-value.clipexp.json': badValue, 'bad-syntax.clipexp.json': badSyntax };
  await withSession({ name: '04-invalid-file', files }, async (s) => {
    // 1. A value out of range: problem.noise.dof = 0.
    const dofLine = lineOf(badValue, '"dof": 0');
    const dofColumn = badValue.split('\n')[dofLine - 1].indexOf('"dof": 0') + 1 + '"dof": '.length;
    await s.openFile('bad-value.clipexp.json');
    const panel = s.webviewFrame(0);
    const banner = panel.locator('#error-banner');
    await banner.waitFor({ state: 'visible', timeout: 45_000 });
    const bannerText = await banner.innerText();
    assert.match(bannerText, new RegExp(`line ${dofLine}\\b`), `the banner names the line: ${bannerText}`);
    assert.match(bannerText, /problem\.noise\.dof/, 'the banner names the field');
    assert.match(bannerText, /> ?0/, 'the banner says what is wrong');
    // Not blank: the experiment's title and the status still show.
    assert.ok((await panel.locator('#experiment-title').innerText()).trim().length > 0, 'the panel has a title');
    assert.match(await panel.locator('#status').innerText(), new RegExp(`line ${dofLine}`), 'the status points at the error');
    await s.screenshot('bad-value-panel');

    const problems = await s.waitForProblem((p) => p.severity === 'Error' && p.line === dofLine && /dof/.test(p.message));
    const dof = problems.find((p) => p.severity === 'Error' && p.line === dofLine && /dof/.test(p.message))!;
    assert.equal(dof.column, dofColumn, `the diagnostic starts at the value (column ${dofColumn}): ${JSON.stringify(dof)}`);
    assert.ok(problems.every((p) => p.line === dofLine), `no diagnostics elsewhere: ${JSON.stringify(problems)}`);
    await s.screenshot('bad-value-problems');

    // 2. Not JSON: located where the comma must be typed, right after the value of "horizon".
    const horizonLine = lineOf(badSyntax, '"horizon": 10');
    await s.runCommand('View: Close All Editors');
    await s.openFile('bad-syntax.clipexp.json');
    const banner2 = s.webviewFrame(0).locator('#error-banner');
    await banner2.waitFor({ state: 'visible', timeout: 45_000 });
    const text2 = await banner2.innerText();
    assert.match(text2, new RegExp(`line ${horizonLine}\\b`), `the banner names the line of the syntax error: ${text2}`);
    assert.match(text2, /expected "," after the value of "horizon"/, `the banner says where a comma is expected: ${text2}`);
    const syntax = await s.waitForProblem((p) => p.severity === 'Error' && p.line === horizonLine && /","/.test(p.message));
    const comma = syntax.find((p) => p.line === horizonLine && /after the value of "horizon"/.test(p.message));
    assert.ok(comma, `a located "comma expected" diagnostic: ${JSON.stringify(syntax)}`);
    const horizonText = badSyntax.split('\n')[horizonLine - 1];
    assert.equal(comma.column, horizonText.indexOf('10') + 3, `right after the value 10: ${JSON.stringify(comma)}`);
    await s.screenshot('bad-syntax-panel');
    assert.deepEqual(await s.errorNotifications(), [], 'errors are shown in place, not as notifications');
  });
});
