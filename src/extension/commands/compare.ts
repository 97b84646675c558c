// "Compare Experiments...": pick a second experiment, open both panels side by side
// (ViewColumn.Beside) and link them (shared axes, each other's runs in the compare table).
import * as vscode from 'vscode';
import type { CompareLinks } from '../panel/compareLinks';
import { baseName, EXPERIMENT_SUFFIX, isExperimentFile, VIEW_TYPE } from '../editor/experimentFiles';

export type { CompareLinks } from '../panel/compareLinks';

async function pickExperiment(title: string, exclude: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  const found = await vscode.workspace.findFiles(`**/*${EXPERIMENT_SUFFIX}`, '**/node_modules/**', 500);
  const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = found
    .filter((uri) => !exclude || uri.toString() !== exclude.toString())
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((uri) => ({ label: baseName(uri), description: vscode.workspace.asRelativePath(uri, false), uri }));
  items.push({ label: '$(folder-opened) Browse...', description: 'choose a file' });
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Experiment to compare with', matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'ClipExp experiment': ['json'] }, title });
  const uri = chosen?.[0];
  if (uri && !isExperimentFile(uri)) {
    void vscode.window.showWarningMessage(`ClipExp: ${baseName(uri)} is not a ${EXPERIMENT_SUFFIX} file.`);
    return undefined;
  }
  return uri;
}

/** Opens `first` and `second` in two experiment panels side by side, with linked axes. */
export async function compareExperiments(links: CompareLinks, first: vscode.Uri | undefined, second?: vscode.Uri): Promise<void> {
  const a = first ?? (await pickExperiment('Compare experiments (1/2)', undefined));
  if (!a) return;
  const b = second ?? (await pickExperiment(`Compare ${baseName(a)} with...`, a));
  if (!b) return;
  if (a.toString() === b.toString()) {
    void vscode.window.showInformationMessage('ClipExp: pick two different experiments to compare.');
    return;
  }
  links.link(a.toString(), b.toString());
  await vscode.commands.executeCommand('vscode.openWith', a, VIEW_TYPE, { viewColumn: vscode.ViewColumn.One, preview: false });
  await vscode.commands.executeCommand('vscode.openWith', b, VIEW_TYPE, { viewColumn: vscode.ViewColumn.Beside, preview: false });
}
