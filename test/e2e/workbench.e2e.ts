// The harness itself, against plain code-server: the workbench loads with the workspace, Quick Open
// opens a file, and the palette runs a command. If this fails, the product tests cannot say anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withSession } from './harness';

test('workbench: loads the workspace, opens a file, runs a palette command', async () => {
  await withSession({ name: 'workbench', files: { 'notes/hello.txt': 'hello from the e2e harness\n' } }, async (s) => {
    await s.openFile('notes/hello.txt');
    await s.page.locator('.monaco-editor .view-lines', { hasText: 'hello from the e2e harness' }).waitFor({ state: 'visible' });
    await s.screenshot('file-open');
    await s.runCommand('View: Close All Editors');
    await s.tab('hello.txt').waitFor({ state: 'detached' });
    assert.deepEqual(await s.errorNotifications(), []);
  });
});
