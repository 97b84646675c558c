// Perceptual colour maps for heatmaps (no DOM): viridis (sequential) and Moreland's cool-warm
// (diverging, blue - grey - red), as anchor colours interpolated linearly in RGB.

export type Rgb = [number, number, number];

const VIRIDIS: Rgb[] = [
  [68, 1, 84], [71, 45, 123], [59, 82, 139], [44, 114, 142], [33, 145, 140],
  [40, 174, 128], [94, 201, 98], [173, 220, 48], [253, 231, 37],
];

const COOL_WARM: Rgb[] = [
  [59, 76, 192], [98, 130, 234], [141, 176, 254], [184, 208, 249], [221, 221, 221],
  [245, 196, 173], [244, 154, 123], [222, 96, 77], [180, 4, 38],
];

export type ColorMapName = 'viridis' | 'coolwarm';

const MAPS: Record<ColorMapName, Rgb[]> = { viridis: VIRIDIS, coolwarm: COOL_WARM };

/** The map's colour at u in [0, 1] (clamped; NaN gives the lowest colour). */
export function colorAt(map: ColorMapName, u: number): Rgb {
  const anchors = MAPS[map];
  const x = Number.isNaN(u) ? 0 : Math.min(1, Math.max(0, u)) * (anchors.length - 1);
  const k = Math.min(anchors.length - 2, Math.floor(x));
  const f = x - k;
  const a = anchors[k];
  const b = anchors[k + 1];
  return [
    Math.round(a[0] + f * (b[0] - a[0])),
    Math.round(a[1] + f * (b[1] - a[1])),
    Math.round(a[2] + f * (b[2] - a[2])),
  ];
}

export function rgbCss(c: Rgb): string {
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/**
 * A normalization of log10 values onto [0, 1] for a colour map. `center` (optional) is put at 0.5,
 * each side scaled on its own (matplotlib's TwoSlopeNorm); without it the range maps linearly.
 */
export interface LogNorm {
  min: number;      // log10 of the smallest value shown
  max: number;      // log10 of the largest
  center?: number;  // log10 of the value put at the middle of a diverging map
}

export function normalize(norm: LogNorm, log10Value: number): number {
  const v = Math.min(norm.max, Math.max(norm.min, log10Value));
  if (norm.center === undefined) return norm.max > norm.min ? (v - norm.min) / (norm.max - norm.min) : 0.5;
  if (v <= norm.center) return norm.center > norm.min ? 0.5 * (v - norm.min) / (norm.center - norm.min) : 0.5;
  return norm.max > norm.center ? 0.5 + 0.5 * (v - norm.center) / (norm.max - norm.center) : 0.5;
}
