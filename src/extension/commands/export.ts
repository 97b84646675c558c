// Export Results: CSV and JSON of all runs in the CLI's result format (resultJson.ts / csv.ts, so a
// file exported here and one written by `clipexp run` are the same format), and the chart as PNG
// (rendered by the panel, validated here).
import * as vscode from 'vscode';
import { posix } from 'node:path';
import { resultToCsv, resultToJsonText } from '../session/engineAdapter';
import type { ExperimentSession } from '../session/experimentSession';
import type { PanelView } from '../panel/panelView';
import type { ExportFormat } from '../../shared/webviewProtocol';
import { PNG_PREFIX } from '../../shared/webviewProtocol';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export const EXPORT_FORMATS: { format: ExportFormat; label: string; extension: string; description: string }[] = [
  { format: 'csv', label: 'CSV', extension: 'csv', description: 'one row per time, columns per run and curve' },
  { format: 'json', label: 'JSON', extension: 'json', description: "the CLI's result format (clipexp-result v1)" },
  { format: 'png', label: 'PNG', extension: 'png', description: 'the loss chart as shown' },
];

/** The PNG bytes of a validated `png` message, checked to really be a PNG. */
export function decodePng(dataUrl: string): Uint8Array {
  if (!dataUrl.startsWith(PNG_PREFIX)) throw new Error('the panel did not send a PNG');
  const bytes = Uint8Array.from(Buffer.from(dataUrl.slice(PNG_PREFIX.length), 'base64'));
  if (bytes.length < PNG_SIGNATURE.length || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) throw new Error('the panel sent an invalid PNG');
  return bytes;
}

export function defaultExportUri(documentUri: vscode.Uri, format: ExportFormat): vscode.Uri {
  const base = posix.basename(documentUri.path).replace(/\.clipexp\.json$/i, '').replace(/\.json$/i, '');
  const file = format === 'png' ? `${base}.png` : `${base}.results.${format}`;
  return documentUri.with({ path: posix.join(posix.dirname(documentUri.path), file) });
}

async function contents(session: ExperimentSession, format: ExportFormat, view: PanelView | undefined): Promise<Uint8Array> {
  if (format === 'png') {
    if (!view) throw new Error('open the experiment panel to export its chart');
    const answer = await view.connection.request({ type: 'requestPng' });
    if (answer.type !== 'png') throw new Error('the panel did not send a PNG');
    return decodePng(answer.dataUrl);
  }
  const result = session.result();
  if (!result || result.runs.every((r) => !r.ode && !r.sgd)) throw new Error('there are no results yet: run the experiment first');
  return Buffer.from(format === 'json' ? resultToJsonText(result) : resultToCsv(result), 'utf8');
}

/**
 * Writes the export. Without `target` the user picks the file (a save dialog). Returns the written
 * file, or undefined when the user cancelled.
 */
export async function exportResults(
  session: ExperimentSession,
  format: ExportFormat,
  options: { view?: PanelView; target?: vscode.Uri; log: vscode.LogOutputChannel },
): Promise<vscode.Uri | undefined> {
  const documentUri = vscode.Uri.parse(session.document.uriString);
  const bytes = await contents(session, format, options.view);
  const spec = EXPORT_FORMATS.find((f) => f.format === format)!;
  const target = options.target ?? (await vscode.window.showSaveDialog({
    defaultUri: documentUri.scheme === 'untitled' ? undefined : defaultExportUri(documentUri, format),
    filters: { [spec.label]: [spec.extension] },
    title: `Export ${session.document.fileName} as ${spec.label}`,
  }));
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, bytes);
  options.log.info(`exported ${session.document.fileName} as ${spec.label} to ${target.fsPath}`);
  return target;
}
