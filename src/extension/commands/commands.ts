// The palette commands (category "ClipExp"). Commands that act on an experiment take an optional URI
// argument (menus and scripts pass it); without one they act on the active experiment editor.
import * as vscode from 'vscode';
import { hasErrors, type ExportFormat } from '../../shared/webviewProtocol';
import { compareExperiments } from './compare';
import type { CompareLinks } from '../panel/compareLinks';
import type { ExperimentEditorProvider } from '../editor/experimentEditor';
import { baseName, EXPERIMENT_SUFFIX, isExperimentFile, VIEW_TYPE } from '../editor/experimentFiles';
import type { ExperimentSession } from '../session/experimentSession';
import { experimentTemplate, slugify } from './experimentTemplate';
import { EXPORT_FORMATS, exportResults } from './export';
import type { SessionRegistry } from '../session/sessionRegistry';

export interface CommandDeps {
  registry: SessionRegistry;
  links: CompareLinks;
  provider: ExperimentEditorProvider;
  log: vscode.LogOutputChannel;
}

function asUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg.length > 0) {
    try {
      return arg.includes(':') && !/^[a-zA-Z]:[\\/]/.test(arg) ? vscode.Uri.parse(arg, true) : vscode.Uri.file(arg);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The experiment a command is about: its argument, else the active panel, else the active tab/editor. */
export function targetExperiment(registry: SessionRegistry, arg?: unknown): vscode.Uri | undefined {
  const given = asUri(arg);
  if (given) return given;
  const active = registry.activeSession;
  if (active) return vscode.Uri.parse(active.document.uriString);
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  if (tab?.input instanceof vscode.TabInputCustom && tab.input.viewType === VIEW_TYPE) return tab.input.uri;
  const editor = vscode.window.activeTextEditor;
  if (editor && isExperimentFile(editor.document.uri)) return editor.document.uri;
  return undefined;
}

async function openPanel(uri: vscode.Uri): Promise<void> {
  const textEditorActive = vscode.window.activeTextEditor?.document.uri.toString() === uri.toString();
  await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE, textEditorActive ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active);
}

function noExperiment(): void {
  void vscode.window.showInformationMessage(`ClipExp: open a ${EXPERIMENT_SUFFIX} file first.`);
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { registry, links, provider, log } = deps;
  const sessionOf = (uri: vscode.Uri | undefined): ExperimentSession | undefined => (uri ? registry.get(uri.toString()) : undefined);

  return [
    vscode.commands.registerCommand('clipexp.newExperiment', async (nameArg?: unknown) => {
      const name = typeof nameArg === 'string' ? nameArg : await vscode.window.showInputBox({
        title: 'New ClipExp experiment',
        prompt: 'Name of the experiment',
        value: 'My experiment',
        validateInput: (v) => (v.trim().length === 0 ? 'Enter a name' : v.length > 200 ? 'At most 200 characters' : undefined),
      });
      if (!name || name.trim().length === 0) return;
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const text = experimentTemplate(name.trim());
      let uri: vscode.Uri;
      if (folder) {
        const slug = slugify(name);
        uri = vscode.Uri.joinPath(folder, `${slug}${EXPERIMENT_SUFFIX}`);
        for (let k = 2; await exists(uri); k++) uri = vscode.Uri.joinPath(folder, `${slug}-${k}${EXPERIMENT_SUFFIX}`);
        await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
      } else {
        uri = vscode.Uri.from({ scheme: 'untitled', path: `${slugify(name)}${EXPERIMENT_SUFFIX}` });
        const edit = new vscode.WorkspaceEdit();
        edit.insert(uri, new vscode.Position(0, 0), text);
        await vscode.workspace.applyEdit(edit);
      }
      log.info(`new experiment ${uri.toString()}`);
      await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    }),

    vscode.commands.registerCommand('clipexp.run', async (arg?: unknown) => {
      const uri = targetExperiment(registry, arg);
      if (!uri) return noExperiment();
      const session = sessionOf(uri);
      // A keybinding or the explorer menu can still call it: say why nothing runs.
      if (session && hasErrors(session.problems)) {
        void vscode.window.showWarningMessage(`ClipExp: ${baseName(uri)} has errors; fix them to run it.`);
        return;
      }
      if (session) void session.start('Run command');
      else await openPanel(uri); // opening the panel runs it
    }),

    vscode.commands.registerCommand('clipexp.stop', (arg?: unknown) => {
      const session = sessionOf(targetExperiment(registry, arg));
      const running = session ? [session] : registry.all().filter((s) => s.running);
      for (const s of running) s.stop('Stop command');
    }),

    vscode.commands.registerCommand('clipexp.suggest', async (arg?: unknown) => {
      const uri = targetExperiment(registry, arg);
      if (!uri) return noExperiment();
      if (!sessionOf(uri)) await openPanel(uri);
      const session = sessionOf(uri);
      if (!session) return;
      await session.whenIdle();
      if (!session.config) {
        void vscode.window.showWarningMessage(`ClipExp: ${baseName(uri)} has errors; fix them to get a suggestion.`);
        return;
      }
      await session.computeSuggestion(false);
    }),

    vscode.commands.registerCommand('clipexp.compare', async (first?: unknown, second?: unknown) => {
      // From the explorer with two files selected: (clicked, [selected...]).
      if (Array.isArray(second)) {
        const selected = second.map(asUri).filter((u): u is vscode.Uri => u !== undefined && isExperimentFile(u));
        if (selected.length === 2) return compareExperiments(links, selected[0], selected[1]);
        second = undefined;
      }
      await compareExperiments(links, asUri(first) ?? targetExperiment(registry), asUri(second));
    }),

    vscode.commands.registerCommand('clipexp.export', async (formatArg?: unknown, targetArg?: unknown, experimentArg?: unknown) => {
      const uri = targetExperiment(registry, experimentArg);
      const session = sessionOf(uri);
      if (!uri || !session) return noExperiment();
      let format = EXPORT_FORMATS.find((f) => f.format === formatArg)?.format as ExportFormat | undefined;
      if (!format) {
        const picked = await vscode.window.showQuickPick(EXPORT_FORMATS.map((f) => ({ label: f.label, description: f.description, format: f.format })), {
          title: `Export ${baseName(uri)}`,
          placeHolder: 'Format',
        });
        if (!picked) return;
        format = picked.format;
      }
      try {
        const target = await exportResults(session, format, { view: provider.viewsOf(session)[0], target: asUri(targetArg), log });
        if (target) void vscode.window.showInformationMessage(`ClipExp: exported to ${vscode.workspace.asRelativePath(target)}`);
      } catch (error) {
        void vscode.window.showWarningMessage(`ClipExp: export failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),

    vscode.commands.registerCommand('clipexp.showOutput', () => log.show(true)),
  ];
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
