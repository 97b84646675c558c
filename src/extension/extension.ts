// Extension entry: wires the custom editor, sessions, diagnostics, commands, the status bar item and
// the shared worker pool together. Everything with logic lives in its own module.
import type { RunResult, Suggestion } from '../engine';
import * as vscode from 'vscode';
import { join } from 'node:path';
import { registerCommands, targetExperiment } from './commands/commands';
import { hasErrors } from '../shared/webviewProtocol';
import { CompareLinks } from './panel/compareLinks';
import { ExperimentDiagnostics } from './editor/diagnostics';
import { EngineHost } from './session/engineAdapter';
import { ExperimentEditorProvider, registerDocumentEvents } from './editor/experimentEditor';
import { createLog } from './outputChannel';
import { ResultCache } from './session/resultCache';
import { SessionRegistry } from './session/sessionRegistry';
import { readSettings } from './settings';
import { RunStatusItem } from './commands/statusItem';

let engineHost: EngineHost | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = createLog();
  let settings = readSettings();
  const storage = context.globalStorageUri.fsPath;
  const engine = new EngineHost({
    workerScript: context.asAbsolutePath(join('dist', 'worker.js')),
    threads: () => settings.threads,
    limits: () => settings.limits,
    log,
  });
  engineHost = engine;
  const cache = new ResultCache<RunResult>(join(storage, 'runs'), { log: (m) => log.warn(m) });
  const suggestionCache = new ResultCache<Suggestion>(join(storage, 'suggestions'), { log: (m) => log.warn(m), maxFiles: 200 });

  // eslint-disable-next-line prefer-const -- assigned after the registry it is used from
  let links: CompareLinks | undefined;
  const registry: SessionRegistry = new SessionRegistry({
    engine,
    cache,
    suggestionCache,
    log,
    onDidChange: (session) => {
      registry.changed();
      links?.scheduleRefresh(session);
    },
  });
  links = new CompareLinks((uri) => registry.get(uri));
  const parse = (text: string) => engine.parse(text);
  const { provider, disposable: editorRegistration } = ExperimentEditorProvider.register({
    context,
    registry,
    links,
    log,
    parse,
    settings: () => settings,
  });
  const diagnostics = new ExperimentDiagnostics(parse);
  const statusItem = new RunStatusItem(registry);

  // clipexp.hasErrors: the experiment Run would target (panel or text editor) has errors, so Run is off.
  let lastHasErrors: boolean | undefined;
  const updateHasErrors = () => {
    const uri = targetExperiment(registry);
    const session = uri ? registry.get(uri.toString()) : undefined;
    const errors = session
      ? hasErrors(session.problems)
      : uri !== undefined && vscode.languages.getDiagnostics(uri).some((d) => d.source === 'clipexp' && d.severity === vscode.DiagnosticSeverity.Error);
    if (errors === lastHasErrors) return;
    lastHasErrors = errors;
    void vscode.commands.executeCommand('setContext', 'clipexp.hasErrors', errors);
  };
  registry.onDidChange(() => {
    const active = registry.activeSession;
    void vscode.commands.executeCommand('setContext', 'clipexp.running', active ? active.running : registry.all().some((s) => s.running));
    void vscode.commands.executeCommand('setContext', 'clipexp.hasResults', active ? active.runs.some((r) => r.ode || r.sgd) : false);
    updateHasErrors();
    statusItem.update();
  });

  context.subscriptions.push(
    log,
    editorRegistration,
    diagnostics,
    statusItem,
    registerDocumentEvents(registry, () => settings),
    ...registerCommands({ registry, links, provider, log }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('clipexp')) return;
      settings = readSettings();
      log.info(`settings changed: ${settings.threads || 'automatic'} threads, run on ${settings.runOn}`);
      if (e.affectsConfiguration('clipexp.limits')) diagnostics.refreshAll();
    }),
    vscode.window.onDidChangeActiveTextEditor(updateHasErrors),
    vscode.window.tabGroups.onDidChangeTabs(updateHasErrors),
    vscode.languages.onDidChangeDiagnostics(updateHasErrors),
    { dispose: () => links?.dispose() },
    { dispose: () => registry.dispose() },
  );
  log.info(`ClipExp activated (storage ${storage}, workspace ${vscode.workspace.isTrusted ? 'trusted' : 'untrusted'})`);
}

export async function deactivate(): Promise<void> {
  await engineHost?.closePool();
  engineHost = undefined;
}
