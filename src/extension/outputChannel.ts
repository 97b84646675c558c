// The "ClipExp" log (View > Output, or "ClipExp: Show Output"): runs, cache use, dropped panel
// messages, errors. A LogOutputChannel, so the user picks the level.
import * as vscode from 'vscode';

export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('ClipExp', { log: true });
}
