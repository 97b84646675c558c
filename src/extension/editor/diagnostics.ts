// Problems of every open .clipexp.json (custom editor or plain text editor) as VS Code diagnostics,
// located at the offending value. The validator's problems (syntax, schema, semantics, limits) are
// the same ones the CLI prints.
import type { ConfigProblem, ParsedExperiment } from '../../engine';
import * as vscode from 'vscode';
import { isExperimentFile } from './experimentFiles';

const DEBOUNCE_MS = 150;

export function problemToDiagnostic(document: vscode.TextDocument, problem: ConfigProblem): vscode.Diagnostic {
  const textLength = document.getText().length;
  const start = Math.max(0, Math.min(problem.offset, textLength));
  const end = Math.max(start, Math.min(problem.offset + Math.max(problem.length, 0), textLength));
  let range = new vscode.Range(document.positionAt(start), document.positionAt(end));
  // An empty range (end of file) is invisible: widen it to the character before, or the line.
  if (range.isEmpty) {
    const line = document.lineAt(range.start.line).range;
    if (range.start.character > 0) range = new vscode.Range(range.start.translate(0, -1), range.end);
    else if (!line.isEmpty) range = line;
  }
  const message = problem.path ? `${problem.path}: ${problem.message}` : problem.message;
  const diagnostic = new vscode.Diagnostic(range, message, problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  diagnostic.source = 'clipexp';
  return diagnostic;
}

export class ExperimentDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('clipexp');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly parse: (text: string) => ParsedExperiment) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.update(d)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.collection.delete(d.uri);
        this.cancel(d.uri.toString());
      }),
    );
    this.refreshAll();
  }

  /** Re-checks every open experiment (e.g. after the limits settings changed). */
  refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.update(document);
  }

  update(document: vscode.TextDocument): void {
    if (!isExperimentFile(document.uri)) return;
    this.cancel(document.uri.toString());
    const { problems } = this.parse(document.getText());
    this.collection.set(document.uri, problems.map((p) => problemToDiagnostic(document, p)));
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isExperimentFile(document.uri)) return;
    const key = document.uri.toString();
    this.cancel(key);
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      if (!document.isClosed) this.update(document);
    }, DEBOUNCE_MS));
  }

  private cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}
