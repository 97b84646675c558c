// Show or hide each run: input[type=checkbox][data-run] in #run-picker.
import { runColor, type ChartTheme } from '../src/shared/chartConfig';
import { el, replaceChildren, swatch } from './dom';
import type { Model } from './model';

export function renderRunPicker(container: HTMLElement, model: Model, theme: ChartTheme, onToggle: (name: string, visible: boolean) => void): void {
  const hidden = new Set(model.state.hidden);
  const items = (model.info?.runs ?? []).map((info) => {
    const box = el('input', { attrs: { type: 'checkbox' }, data: { run: info.name } });
    box.checked = !hidden.has(info.name);
    box.addEventListener('change', () => onToggle(info.name, box.checked));
    return el('label', { className: 'pick' }, [box, swatch(runColor(theme, info.index)), el('span', { text: info.name })]);
  });
  replaceChildren(container, items.length > 1 ? [el('span', { className: 'hint', text: 'Show:' }), ...items] : items);
}
