// Chart colours from the VS Code theme: only --vscode-* CSS variables, re-read when the theme changes
// (VS Code swaps the body class and rewrites the variables on <html>).
import type { ChartTheme } from '../src/shared/chartConfig';
import { FALLBACK_PALETTE, withAlpha } from '../src/shared/chartConfig';

const PALETTE_VARIABLES = ['--vscode-charts-blue', '--vscode-charts-red', '--vscode-charts-green', '--vscode-charts-yellow', '--vscode-charts-purple', '--vscode-charts-orange'];

function cssVar(style: CSSStyleDeclaration, name: string): string {
  return style.getPropertyValue(name).trim();
}

export function readTheme(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const body = document.body.classList;
  const highContrast = body.contains('vscode-high-contrast') || body.contains('vscode-high-contrast-light');
  const foreground = cssVar(style, '--vscode-editor-foreground') || cssVar(style, '--vscode-foreground') || '#cccccc';
  const muted = cssVar(style, '--vscode-descriptionForeground') || foreground;
  const border = highContrast ? cssVar(style, '--vscode-contrastBorder') : '';
  const themePalette = PALETTE_VARIABLES.map((name) => cssVar(style, name)).filter(Boolean);
  // Distinct colours first from the theme, then the fallbacks that the theme does not already have.
  const palette = [...themePalette, ...FALLBACK_PALETTE.slice(themePalette.length)];
  const fontSize = Number.parseFloat(cssVar(style, '--vscode-font-size')) || 13;
  return {
    foreground,
    muted,
    // Grid lines stay quiet even in high contrast (the contrast border colour at full strength drowns the curves).
    grid: border ? withAlpha(border, 0.4) : withAlpha(foreground, 0.14),
    background: cssVar(style, '--vscode-editor-background') || '#1e1e1e',
    fontFamily: cssVar(style, '--vscode-font-family') || 'sans-serif',
    fontSize,
    palette,
    highContrast,
  };
}

/** Calls `onChange` when the theme (body class or the variables) changes. */
export function watchTheme(onChange: () => void): void {
  let pending = false;
  const fire = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      onChange();
    });
  };
  const observer = new MutationObserver(fire);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
}
