// Which files are experiments, and their display names.
import * as vscode from 'vscode';
import { posix } from 'node:path';

export const VIEW_TYPE = 'clipexp.experiment';
export const EXPERIMENT_SUFFIX = '.clipexp.json';

export function isExperimentFile(uri: vscode.Uri): boolean {
  return uri.path.toLowerCase().endsWith(EXPERIMENT_SUFFIX);
}

export function baseName(uri: vscode.Uri): string {
  return posix.basename(uri.path);
}
