// The harness itself, against plain code-server (no ClipExp needed): the workbench loads with the
// workspace, Quick Open opens a file, the palette runs a command, and the Problems view is readable.
// Not part of `npm test` (the product tests exercise all of this); run it alone to tell a harness
// problem from a product one: node --import tsx --test test/e2e/workbench.smoke.ts
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withSession } from './harness';

test('workbench: loads the workspace, opens files, runs palette commands, reads the Problems view', async () => {
  const files = {
    'notes/hello.txt': 'hello from the e2e harness\n',
    'notes/broken.json': '{\n  "a": 1,\n  "b": [1, 2,\n  "c": }\n',
  };
  await withSession({ name: 'workbench', files }, async (s) => {
    await s.openFile('notes/hello.txt');
    await s.page.locator('.monaco-editor .view-lines', { hasText: 'hello from the e2e harness' }).waitFor({ state: 'visible' });
    await s.runCommand('View: Close All Editors');
    await s.tab('hello.txt').waitFor({ state: 'detached' });

    // VS Code's own JSON language server reports the syntax error on line 4.
    await s.openFile('notes/broken.json');
    const problems = await s.waitForProblem((p) => p.severity === 'Error' && p.source === 'json');
    assert.ok(problems.some((p) => p.line === 4), `a JSON error on line 4, got ${JSON.stringify(problems)}`);
    await s.screenshot('problems');
    assert.deepEqual(await s.errorNotifications(), []);
  });
});
