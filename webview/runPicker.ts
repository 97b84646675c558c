// Show or hide each run: input[type=checkbox][data-run] in #run-picker.
import { runColor, type ChartTheme } from '../src/shared/chartConfig';
import { el, replaceChildren, swatch } from './dom';
import type { Model } from './model';

export function renderRunPicker(
  container: HTMLElement,
  model: Model,
  theme: ChartTheme,
  onToggle: (name: string, visible: boolean) => void,
  onSetAll: (visible: boolean) => void,
): void {
  const hidden = new Set(model.state.hidden);
  const items = (model.info?.runs ?? []).map((info) => {
    const box = el('input', { attrs: { type: 'checkbox' }, data: { run: info.name } });
    box.checked = !hidden.has(info.name);
    box.addEventListener('change', () => onToggle(info.name, box.checked));
    return el('label', { className: 'pick' }, [box, swatch(runColor(theme, info.index)), el('span', { text: info.name })]);
  });
  const all = el('button', { className: 'secondary', text: 'All', attrs: { type: 'button', id: 'show-all-runs' } });
  const none = el('button', { className: 'secondary', text: 'None', attrs: { type: 'button', id: 'hide-all-runs' } });
  all.addEventListener('click', () => onSetAll(true));
  none.addEventListener('click', () => onSetAll(false));
  replaceChildren(container, items.length > 1 ? [el('span', { className: 'hint', text: 'Show:' }), ...items, items.length > 4 ? all : null, items.length > 4 ? none : null] : items);
}
