// The custom text editor for *.clipexp.json: a panel over the file's TextDocument. The document stays
// the source of truth (undo/redo, save, "Reopen with", hot exit all work as for any text file); the
// panel shows what the session computes from it and may edit only its own document.
import type { ParsedExperiment } from '../../engine';
import * as vscode from 'vscode';
import { DEFAULT_PANEL_STATE, validatePanelState, type WebviewMessage } from '../../shared/webviewProtocol';
import type { CompareLinks } from '../commands/compare';
import type { ExperimentSession, SessionDocument } from '../session/experimentSession';
import { exportResults } from '../commands/export';
import { baseName, isExperimentFile, VIEW_TYPE } from './experimentFiles';
import { MessageGate } from '../panel/messageValidation';
import { PanelConnection } from '../panel/panelConnection';
import { localResourceRootPaths, makeNonce, panelHtml } from '../panel/panelHtml';
import { PanelView } from '../panel/panelView';
import type { SessionRegistry } from '../session/sessionRegistry';
import type { ClipexpSettings } from '../settings';
import { addSuggestedRun } from '../commands/addSuggestedRun';

export function sessionDocument(document: vscode.TextDocument): SessionDocument {
  return {
    uriString: document.uri.toString(),
    fileName: baseName(document.uri),
    get version() {
      return document.version;
    },
    getText: () => document.getText(),
  };
}

function stateKey(uri: vscode.Uri): string {
  return `clipexp.panelState:${uri.toString()}`;
}

export interface EditorDeps {
  context: vscode.ExtensionContext;
  registry: SessionRegistry;
  links: CompareLinks;
  log: vscode.LogOutputChannel;
  parse(text: string): ParsedExperiment;
  settings(): ClipexpSettings;
}

export class ExperimentEditorProvider implements vscode.CustomTextEditorProvider {
  /** The panel views of each session, to find the panel of the active editor (exports, PNG). */
  private readonly panels = new Map<PanelView, vscode.WebviewPanel>();

  constructor(private readonly deps: EditorDeps) {}

  static register(deps: EditorDeps): { provider: ExperimentEditorProvider; disposable: vscode.Disposable } {
    const provider = new ExperimentEditorProvider(deps);
    const disposable = vscode.window.registerCustomEditorProvider(VIEW_TYPE, provider, {
      webviewOptions: { retainContextWhenHidden: false, enableFindWidget: false },
      supportsMultipleEditorsPerDocument: true,
    });
    return { provider, disposable };
  }

  /** The panel views currently showing a session (most recently active first). */
  viewsOf(session: ExperimentSession): PanelView[] {
    const views = [...session.views];
    return views.sort((a, b) => Number(this.panels.get(b)?.active ?? false) - Number(this.panels.get(a)?.active ?? false));
  }

  async resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel, _token: vscode.CancellationToken): Promise<void> {
    const { context, registry, log } = this.deps;
    const webview = panel.webview;
    webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: localResourceRootPaths(context.extensionPath).map((p) => vscode.Uri.file(p)),
    };
    const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      nonce: makeNonce(),
      title: baseName(document.uri),
    });

    const session = registry.acquire(sessionDocument(document));
    const connection = new PanelConnection(webview, new MessageGate(log, baseName(document.uri)));
    const view = new PanelView(connection);
    session.attach(view);
    this.panels.set(view, panel);

    connection.onHandshake = (message) => {
      const ready = message as Extract<WebviewMessage, { type: 'ready' }>;
      const saved = context.workspaceState.get<unknown>(stateKey(document.uri));
      view.state = ready.state ?? (validatePanelState(saved) ? saved : { ...DEFAULT_PANEL_STATE });
      connection.post({ type: 'init', inReplyTo: ready.id, state: view.state, fileName: baseName(document.uri) });
      view.sendSnapshot(session.snapshot());
      this.deps.links.refresh(session);
      if (view.state.showHsgd) session.setHsgd(true);
    };
    connection.onMessage = (message) => {
      void this.handle(document, session, view, message).catch((error) => log.error(`${baseName(document.uri)}: ${String(error)}`));
    };

    const updateActive = () => {
      if (panel.active) registry.setActive(session);
      else if (registry.activeSession === session && ![...this.panels].some(([v, p]) => p.active && session.views.has(v))) registry.setActive(undefined);
    };
    panel.onDidChangeViewState(updateActive);
    updateActive();

    panel.onDidDispose(() => {
      connection.dispose();
      this.panels.delete(view);
      if (session.detach(view)) {
        this.deps.links.forget(session);
        registry.release(session);
      }
      registry.changed();
    });

    // Start at once (the ODEs take well under a second); the page gets a snapshot when it is ready.
    if (!session.running && session.computedVersion !== document.version) void session.start('opened', { ifStale: true });
  }

  private async handle(document: vscode.TextDocument, session: ExperimentSession, view: PanelView, message: WebviewMessage): Promise<void> {
    const { context, log, links } = this.deps;
    const reply = (ok: boolean, text: string | null) => view.connection.post({ type: 'reply', inReplyTo: message.id, ok, message: text });
    switch (message.type) {
      case 'command':
        if (message.command === 'run') void session.start('Run button');
        else if (message.command === 'stop') session.stop('Stop button');
        else await openAsText(document, session);
        return;
      case 'addSuggestedRun':
        try {
          const name = await addSuggestedRun(document, session, message.suggestionId, this.deps.parse);
          reply(true, `Added run "${name}"`);
        } catch (error) {
          const text = error instanceof Error ? error.message : String(error);
          reply(false, text);
          void vscode.window.showWarningMessage(`ClipExp: could not add the run: ${text}`);
        }
        return;
      case 'export':
        try {
          const target = await exportResults(session, message.format, { view, log });
          reply(true, target ? `Exported to ${target.fsPath}` : null);
        } catch (error) {
          const text = error instanceof Error ? error.message : String(error);
          reply(false, text);
          void vscode.window.showWarningMessage(`ClipExp: export failed: ${text}`);
        }
        return;
      case 'stateChanged': {
        const hiddenChanged = view.state.hidden.join('\n') !== message.state.hidden.join('\n');
        view.state = message.state;
        // Linked axes span the visible runs only: hiding or showing a run changes them.
        if (hiddenChanged) links.refresh(session);
        await context.workspaceState.update(stateKey(document.uri), message.state);
        return;
      }
      case 'log':
        log[message.level](`[panel ${baseName(document.uri)}] ${message.message}`);
        return;
      case 'setScales':
        session.handle(view, message);
        links.scalesChanged(session, message.xScale, message.yScale);
        return;
      default:
        session.handle(view, message);
    }
  }
}

/** Shows the file in the text editor beside the panel, at the first error if there is one. */
export async function openAsText(document: vscode.TextDocument, session: ExperimentSession | undefined): Promise<void> {
  const problem = session?.problems.find((p) => p.severity === 'error');
  const position = problem ? document.positionAt(problem.offset) : new vscode.Position(0, 0);
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, selection: new vscode.Range(position, position), preview: false });
}

/** Document events that concern sessions: edits stop stale work, saves run. */
export function registerDocumentEvents(registry: SessionRegistry, settings: () => ClipexpSettings): vscode.Disposable {
  const editTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const subscriptions = [
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length === 0 || !isExperimentFile(e.document.uri)) return;
      const session = registry.get(e.document.uri.toString());
      if (!session) return;
      session.documentChanged();
      if (settings().runOn === 'edit') {
        const key = e.document.uri.toString();
        clearTimeout(editTimers.get(key));
        editTimers.set(key, setTimeout(() => {
          editTimers.delete(key);
          if (registry.get(key) === session && !session.problems.some((p) => p.severity === 'error')) void session.start('edited', { ifStale: true });
        }, 600));
      }
    }),
    vscode.workspace.onDidSaveTextDocument((document) => {
      const session = registry.get(document.uri.toString());
      if (session) void session.start('saved', { ifStale: true });
    }),
  ];
  return new vscode.Disposable(() => {
    for (const timer of editTimers.values()) clearTimeout(timer);
    for (const s of subscriptions) s.dispose();
  });
}
