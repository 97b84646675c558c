// Fixed chart themes for figures rendered without VS Code (clipexp plot / ccc, the gallery): the
// same ChartTheme the panel builds from --vscode-* variables, with print-friendly colours.
import { FALLBACK_PALETTE, type ChartTheme } from './chartConfig';

export type PrintThemeName = 'light' | 'dark';

/** Blue, red, green first like the panel's palette; darker hues that read well on white paper. */
const LIGHT_PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];

export function printTheme(name: PrintThemeName, fontFamily = 'sans-serif', fontSize = 14): ChartTheme {
  if (name === 'dark') {
    return { foreground: '#e6e6e6', muted: '#a8a8a8', grid: 'rgba(230, 230, 230, 0.14)', background: '#1e1e1e', fontFamily, fontSize, palette: FALLBACK_PALETTE, highContrast: false };
  }
  return { foreground: '#1a1a1a', muted: '#505050', grid: 'rgba(0, 0, 0, 0.1)', background: '#ffffff', fontFamily, fontSize, palette: LIGHT_PALETTE, highContrast: false };
}
