// The Suggest card (#suggestion): the heuristic's tuned kappa, the predicted final risks (ODE) of plain
// SGD, the best constant threshold, the heuristic and the greedy oracle, and the "Add as run" button.
import { formatValue } from '../src/shared/chartConfig';
import type { SuggestionView } from '../src/shared/webviewProtocol';
import { el, replaceChildren } from './dom';
import type { Model } from './model';

function riskRow(label: string, detail: string, risk: number, best: number): HTMLTableRowElement {
  const isBest = Number.isFinite(risk) && risk === best;
  return el('tr', { className: isBest ? 'best' : '' }, [
    el('td', { text: label }),
    el('td', { className: 'muted', text: detail }),
    el('td', { className: 'num', text: Number.isFinite(risk) ? formatValue(risk) : 'diverges' }),
  ]);
}

export function renderSuggestionBody(s: SuggestionView): HTMLElement[] {
  const sqrtD = Math.sqrt(s.traceK);
  const risks = [s.noClipRisk, s.bestConstant.risk, s.heuristic.risk, s.greedy.risk].filter(Number.isFinite);
  const best = risks.length > 0 ? Math.min(...risks) : NaN;
  const gain = Number.isFinite(s.noClipRisk) && s.noClipRisk > 0 ? s.heuristic.risk / s.noClipRisk : null;
  return [
    el('p', {}, [
      'For run ',
      el('strong', { text: s.run }),
      ` (lr ${formatValue(s.lr)}): threshold c(t) = kappa sqrt(2R(t) + s^2) sqrt(tr K) with tuned `,
      el('strong', { className: 'kappa', text: `kappa = ${formatValue(s.heuristic.param)}` }),
      '.',
    ]),
    el('table', { className: 'suggestion-risks' }, [
      el('thead', {}, [el('tr', {}, [el('th', { text: 'Schedule' }), el('th', { text: '' }), el('th', { text: 'Final risk (ODE)' })])]),
      el('tbody', {}, [
        riskRow('plain SGD', 'no clipping', s.noClipRisk, best),
        riskRow('best constant', `c = ${formatValue(s.bestConstant.threshold)} (c/sqrt(trK) = ${formatValue(s.bestConstant.threshold / sqrtD)})`, s.bestConstant.risk, best),
        riskRow('heuristic', `kappa = ${formatValue(s.heuristic.param)}`, s.heuristic.risk, best),
        riskRow('greedy oracle', 'bound, needs the noise law', s.greedy.risk, best),
      ]),
    ]),
    el('p', {
      className: 'muted',
      text: !Number.isFinite(s.noClipRisk)
        ? 'Plain SGD diverges here: clipping is necessary.'
        : gain !== null && gain < 0.98
          ? `The heuristic ends at ${formatValue(gain * 100)}% of plain SGD's risk.`
          : 'Clipping does not beat plain SGD here.',
    }),
  ];
}

export function renderSuggestionCard(card: HTMLElement, body: HTMLElement, button: HTMLButtonElement, model: Model): void {
  const { state, suggestion, message } = model.suggestion;
  card.hidden = state === 'idle' && suggestion === null;
  card.classList.toggle('computing', state === 'computing');
  button.disabled = state !== 'ready' || suggestion === null;
  if (state === 'computing') replaceChildren(body, [el('p', { className: 'muted', text: 'Tuning kappa on the ODE...' })]);
  else if (state === 'error') replaceChildren(body, [el('p', { className: 'error-text', text: `No suggestion: ${message ?? 'unknown error'}` })]);
  else if (suggestion) replaceChildren(body, renderSuggestionBody(suggestion));
}
