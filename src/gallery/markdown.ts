// docs/gallery.md from the examples' results: per example its description, risk chart, CCC phase
// map, final risks, the suggestion's strategies and one sentence derived from the numbers.
import type { ExperimentConfig, ExperimentResult } from '../engine';
import { fmt, runFacts, verdict, type PhaseMapFacts } from './verdict';

export interface GalleryEntry {
  /** File name in examples/, e.g. "cauchy.clipexp.json". */
  file: string;
  config: ExperimentConfig;
  result: ExperimentResult;
  phase: PhaseMapFacts & { summary: string };
  /** Image paths relative to docs/. */
  plot: string;
  ccc: string;
}

function clipText(config: ExperimentConfig, index: number): string {
  const clip = config.runs[index].clip;
  if (!clip) return 'none';
  switch (clip.kind) {
    case 'constant': return `c = ${fmt(clip.threshold)}`;
    case 'heuristic': return clip.param === undefined ? 'heuristic (κ tuned)' : `heuristic κ = ${fmt(clip.param)}`;
    case 'greedy': return 'greedy oracle';
    case 'schedule': return `schedule (${clip.t.length} points)`;
  }
}

function lrText(config: ExperimentConfig, index: number): string {
  const lr = config.runs[index].lr;
  return typeof lr === 'number' ? fmt(lr) : `schedule ${fmt(lr.lr[0])} → ${fmt(lr.lr[lr.lr.length - 1])}`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

function risksTable(entry: GalleryEntry): string[] {
  const { config, result } = entry;
  const facts = runFacts(config, result);
  const h = fmt(config.horizon);
  const lines = [
    `| run | lr | clipping | SGD median at t = ${h} | SGD 10–90% | ODE at t = ${h} |`,
    '| --- | ---: | --- | ---: | ---: | ---: |',
  ];
  facts.forEach((f, i) => {
    const sgd = f.source === 'sgd' ? fmt(f.final) : '-';
    const band = f.q10 !== null && f.q90 !== null ? `${fmt(f.q10)} – ${fmt(f.q90)}` : '-';
    const ode = f.ode === null ? '-' : Number.isFinite(f.ode) ? fmt(f.ode) : 'diverges';
    lines.push(`| ${cell(f.name)} | ${lrText(config, i)} | ${cell(clipText(config, i))} | ${sgd} | ${band} | ${ode} |`);
  });
  return lines;
}

function suggestionLines(entry: GalleryEntry): string[] {
  const s = entry.result.suggestion;
  if (!s) return [];
  const risk = (x: number) => (Number.isFinite(x) ? fmt(x) : 'diverges');
  return [
    `Suggestion for run "${cell(s.run)}" (lr ${fmt(s.lr)}), ODE risk at t = ${fmt(entry.config.horizon)}: ` +
      `no clipping ${risk(s.noClip.risk)} · best constant c = ${fmt(s.bestConstant.threshold)}: ${risk(s.bestConstant.risk)} · ` +
      `heuristic κ = ${fmt(s.heuristic.param)}: ${risk(s.heuristic.risk)} · greedy oracle ${risk(s.greedy.risk)}.`,
  ];
}

function anchor(file: string): string {
  return file.replace(/\.clipexp\.json$/, '');
}

export function galleryMarkdown(entries: GalleryEntry[], meta: { engineVersion: string; command: string }): string {
  const out: string[] = [
    '# ClipExp gallery',
    '',
    'The paper\'s claims (Marshall, Xiao, Agarwala, Paquette, "To Clip or not to Clip", ICLR 2025), reproduced',
    'by the examples in `examples/`. Every figure and number below comes from the engine (version',
    `${meta.engineVersion}) through the CLI: \`${meta.command}\` regenerates this page. Each example shows the risk`,
    'chart of the panel (`clipexp plot`: SGD median with its 10–90% band over the seeds, ODE dashed) and the',
    'CCC phase map (`clipexp ccc`: mu²/nu against its unclipped value 1/(2R + E eps²) over risk R and normalized',
    'threshold τ = c/√tr K; above 1 clipping helps), with the heuristic\'s path and the runs\' ODE trajectories.',
    'The sentence under each title is derived from the numbers in its table.',
    '',
    ...entries.map((e) => `- [${e.config.name}](#${anchor(e.file)}) (\`examples/${e.file}\`)`),
    '',
  ];
  for (const entry of entries) {
    out.push(
      `<a id="${anchor(entry.file)}"></a>`,
      '',
      `## ${entry.config.name}`,
      '',
      `**${verdict(entry.config, entry.result, entry.phase)}**`,
      '',
      entry.config.description ?? '',
      '',
      `![Risk chart: ${entry.config.name}](${entry.plot})`,
      '',
      ...risksTable(entry),
      '',
      ...suggestionLines(entry),
      '',
      `![CCC phase map: ${entry.config.name}](${entry.ccc})`,
      '',
      `Phase map: ${entry.phase.summary}.`,
      '',
    );
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}
