// The status bar item while experiments run: progress of the active (or any running) experiment;
// clicking it stops that experiment.
import * as vscode from 'vscode';
import type { SessionRegistry } from '../session/sessionRegistry';

export class RunStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('clipexp.run', vscode.StatusBarAlignment.Left, 50);

  constructor(private readonly registry: SessionRegistry) {
    this.item.name = 'ClipExp run';
  }

  update(): void {
    const active = this.registry.activeSession;
    const session = active?.running ? active : this.registry.all().find((s) => s.running);
    if (!session) {
      this.item.hide();
      return;
    }
    this.item.text = `$(sync~spin) ClipExp ${session.document.fileName}: ${session.status.text.replace(/^Running: /, '')}`;
    this.item.tooltip = `${session.status.text}. Click to stop.`;
    this.item.command = { title: 'Stop', command: 'clipexp.stop', arguments: [session.document.uriString] };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
