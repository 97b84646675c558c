// #error-banner: what is wrong with the file and where, instead of a blank panel (the last good
// results stay visible under it). Warnings (e.g. a long run) go to #warning-banner.
import type { FileProblem } from '../src/shared/webviewProtocol';
import { el, replaceChildren } from './dom';

const SHOWN = 5;

function describeProblem(fileName: string, p: FileProblem): string {
  return `${fileName}:${p.line}:${p.column} ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

function list(fileName: string, problems: FileProblem[]): HTMLElement[] {
  const items = problems.slice(0, SHOWN).map((p) => el('li', { text: describeProblem(fileName, p) }));
  if (problems.length > SHOWN) items.push(el('li', { className: 'muted', text: `and ${problems.length - SHOWN} more (see the Problems view)` }));
  return [el('ul', {}, items)];
}

export function renderBanners(errorBanner: HTMLElement, errorText: HTMLElement, warningBanner: HTMLElement, fileName: string, problems: FileProblem[], hasResults: boolean): void {
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  errorBanner.hidden = errors.length === 0;
  if (errors.length > 0) {
    const heading = errors.length === 1 ? `${fileName} has an error` : `${fileName} has ${errors.length} errors`;
    replaceChildren(errorText, [
      el('strong', { text: `${heading} on line ${errors[0].line}` }),
      ...list(fileName, errors),
      el('p', { className: 'muted', text: hasResults ? 'The chart shows the last valid version of the file.' : 'Fix the file to run the experiment.' }),
    ]);
  }
  warningBanner.hidden = warnings.length === 0;
  if (warnings.length > 0) replaceChildren(warningBanner, list(fileName, warnings));
}
