// What the panel knows: the host's latest messages, folded into one model that the views render.
import type { ChartRun } from '../src/shared/chartConfig';
import type { PhaseMapFigure } from '../src/shared/phaseMapDraw';
import type { AxisRange, AxisScale, ExperimentInfo, FileProblem, HostMessage, PanelState, PeerRun, RunSeries, StatusView, SuggestionState } from '../src/shared/webviewProtocol';
import { DEFAULT_PANEL_STATE } from '../src/shared/webviewProtocol';

export interface LinkState {
  peerFileName: string;
  peerParams: Record<string, string> | null;
  peerRuns: PeerRun[];
  x: AxisRange | null;
  y: AxisRange | null;
}

export interface Model {
  state: PanelState;
  fileName: string;
  info: ExperimentInfo | null;
  problems: FileProblem[];
  t: Float64Array | null;
  runs: Map<number, RunSeries>;
  status: StatusView;
  suggestion: SuggestionState;
  link: LinkState | null;
  phaseMap: PhaseMapFigure | null;
}

export function emptyModel(state: PanelState | null): Model {
  return {
    state: state ?? { ...DEFAULT_PANEL_STATE },
    fileName: '',
    info: null,
    problems: [],
    t: null,
    runs: new Map(),
    status: { text: 'Starting...', running: false, done: 0, total: 0 },
    suggestion: { state: 'idle', suggestion: null, message: null },
    link: null,
    phaseMap: null,
  };
}

/** Parts of the page a message invalidates. */
export interface Changes {
  chart?: boolean;
  table?: boolean;
  status?: boolean;
  problems?: boolean;
  suggestion?: boolean;
  compare?: boolean;
  scales?: boolean;
  phaseMap?: boolean;
}

/** Folds a host message into the model; returns what must be redrawn. */
export function apply(model: Model, message: HostMessage): Changes {
  switch (message.type) {
    case 'init':
      model.state = message.state;
      model.fileName = message.fileName;
      return { chart: true, table: true, scales: true, compare: true };
    case 'experiment':
      model.info = message.info;
      model.runs.clear();
      return { chart: true, table: true, compare: true };
    case 'problems':
      model.fileName = message.fileName;
      model.problems = message.problems;
      return { problems: true };
    case 'grid':
      model.t = message.t;
      model.runs.clear(); // re-sent on the new grid right after
      return { chart: true };
    case 'run':
      model.runs.set(message.series.index, message.series);
      return { chart: true, table: true, compare: true };
    case 'status':
      model.status = { text: message.text, running: message.running, done: message.done, total: message.total };
      return { status: true };
    case 'suggestion':
      model.suggestion = { state: message.state, suggestion: message.suggestion, message: message.message };
      return { suggestion: true };
    case 'phaseMap':
      model.phaseMap = message.map;
      return { phaseMap: true };
    case 'link': {
      model.link = message.peerFileName === null ? null : {
        peerFileName: message.peerFileName,
        peerParams: message.peerParams,
        peerRuns: message.peerRuns,
        x: message.x,
        y: message.y,
      };
      const scales: Partial<Record<'xScale' | 'yScale', AxisScale>> = {};
      if (message.xScale) scales.xScale = message.xScale;
      if (message.yScale) scales.yScale = message.yScale;
      model.state = { ...model.state, ...scales };
      return { chart: true, compare: true, scales: true };
    }
    default:
      return {};
  }
}

/** The runs in config order, as the chart configuration wants them. */
export function chartRuns(model: Model): ChartRun[] {
  const hidden = new Set(model.state.hidden);
  const out: ChartRun[] = [];
  for (const info of model.info?.runs ?? []) {
    const series = model.runs.get(info.index);
    if (!series) continue;
    out.push({
      name: info.name,
      index: info.index,
      hidden: hidden.has(info.name),
      divergedAt: series.divergedAt,
      odeDivergedAt: series.odeDivergedAt ?? null,
      sgdDivergedAt: series.sgdDivergedAt ?? null,
      odeRiskInfinite: series.odeRiskInfinite === true,
      ode: series.ode,
      sgd: series.sgd,
      hsgd: series.hsgd,
    });
  }
  return out;
}
