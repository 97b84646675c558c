// "Add as run" from the Suggest card: a WorkspaceEdit on the panel's OWN document (never another
// file), built from the host's copy of the suggestion (the panel only names it by id), checked to
// leave a valid experiment, undoable like any edit.
import type { ParsedExperiment } from '../../engine';
import * as vscode from 'vscode';
import type { ExperimentSession } from '../session/experimentSession';
import { addRunEdits, applyTextEdits, suggestedRun } from './suggestedRunEdit';

export async function addSuggestedRun(
  document: vscode.TextDocument,
  session: ExperimentSession,
  suggestionId: number,
  parse: (text: string) => ParsedExperiment,
): Promise<string> {
  if (session.document.uriString !== document.uri.toString()) throw new Error('the panel does not belong to this document');
  const entry = session.suggestionFor(suggestionId);
  if (!entry) throw new Error('this suggestion is out of date; it is being recomputed');
  const text = document.getText();
  const parsed = parse(text);
  if (!parsed.config) throw new Error('the file has errors; fix them first');
  const run = suggestedRun(entry.suggestion, parsed.config);
  const editorConfig = vscode.workspace.getConfiguration('editor', document);
  const edits = addRunEdits(text, run, {
    insertSpaces: editorConfig.get<boolean>('insertSpaces', true),
    tabSize: editorConfig.get<number>('tabSize', 2),
    eol: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
  });
  // The edit must leave a valid experiment (e.g. not push it over a limit): check before applying.
  const after = parse(applyTextEdits(text, edits));
  if (!after.config) {
    const first = after.problems.find((p) => p.severity === 'error');
    throw new Error(`the file would not be valid with the new run${first ? ` (${first.path}: ${first.message})` : ''}`);
  }
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
  }
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code refused the edit');
  // The user asked for this run: compute it now (the other runs come from the cache).
  void session.start('suggested run added', { ifStale: true });
  return run.name;
}
