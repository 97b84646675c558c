// Issue 8, item 8: the panel in the dark, light and high-contrast themes (the workbench.colorTheme user
// setting, set as a user does, with "Preferences: Color Theme"; code-server does not pick up edits of
// its settings file made behind its back): a screenshot of each, the panel follows the theme (body class, chart colours
// from the --vscode-* variables), and its text and chart labels are readable (contrast ratios).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withSession, type Session } from './harness';
import { openExperiment, waitForDone } from './clipexp';

// Labels as VS Code 1.139's theme picker shows them ("Dark 2026" is the default dark theme).
const THEMES = [
  { theme: 'Dark 2026', workbench: 'vs-dark', body: 'vscode-dark' },
  { theme: 'Light 2026', workbench: 'vs', body: 'vscode-light' },
  { theme: 'Dark High Contrast', workbench: 'hc-black', body: 'vscode-high-contrast' },
  { theme: 'Light High Contrast', workbench: 'hc-light', body: 'vscode-high-contrast-light' },
];

// Runs in the panel: colours as the page resolves them, and WCAG contrast ratios. A string, so that
// tsx's transform adds nothing the page lacks.
const MEASURE = `(() => {
  const probe = document.createElement('span');
  document.body.appendChild(probe);
  const rgb = (css) => { probe.style.color = ''; probe.style.color = css; const m = getComputedStyle(probe).color.match(/[0-9.]+/g) || ['0', '0', '0', '0'];
    return { r: +m[0], g: +m[1], b: +m[2], a: m.length > 3 ? +m[3] : 1 }; };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const over = (fg, bg) => ({ r: fg.r * fg.a + bg.r * (1 - fg.a), g: fg.g * fg.a + bg.g * (1 - fg.a), b: fg.b * fg.a + bg.b * (1 - fg.a), a: 1 });
  const contrast = (fg, bg) => { const c = over(fg, bg); const l1 = lum(c), l2 = lum(bg); return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05); };
  const background = (el) => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.a > 0.5) return c; }
    return rgb(getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background').trim() || '#000'); };
  const text = (sel) => { const el = document.querySelector(sel); return el ? contrast(rgb(getComputedStyle(el).color), background(el)) : null; };
  const chart = window.clipexpChart;
  const canvas = document.querySelector('canvas#loss-chart');
  const tick = chart && chart.options.scales.x.ticks.color;
  const result = {
    bodyClass: document.body.className,
    title: text('#experiment-title'),
    status: text('#status'),
    table: text('table#runs-table td.final-risk'),
    chartTicks: tick ? contrast(rgb(tick), background(canvas)) : null,
    runColours: chart ? [...new Set(chart.data.datasets.filter((d) => d.role === 'sgd').map((d) => d.borderColor))].map((c) => contrast(rgb(c), background(canvas))) : [],
    muted: getComputedStyle(document.documentElement).getPropertyValue('--vscode-descriptionForeground').trim(),
    tick: tick || '',
  };
  probe.remove();
  return result;
})()`;

/**
 * The workbench.colorTheme user setting once the picker has written a value not seen before, or
 * undefined when it writes none (picking the default theme may leave the setting out).
 */
async function savedTheme(s: Session, before: Set<string>): Promise<string | undefined> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const value = /"workbench\.colorTheme":\s*"([^"]+)"/.exec(s.readUserSettings())?.[1];
    if (value && !before.has(value)) return value;
    if (Date.now() > deadline) return undefined;
    await s.page.waitForTimeout(200); // polling interval only
  }
}

interface Measured { bodyClass: string; title: number; status: number; table: number; chartTicks: number; runColours: number[]; muted: string; tick: string }

test('the panel follows the dark, light and high-contrast themes and stays readable', async () => {
  await withSession({ name: '08-themes' }, async (s) => {
    await openExperiment(s, 'cauchy.clipexp.json');
    await waitForDone(s);
    const seen = new Set<string>();
    const settingValues = new Set<string>();
    for (const { theme, workbench, body } of THEMES) {
      await s.runCommand('Preferences: Color Theme');
      await s.pickQuickItemExact(theme);
      await s.page.locator(`.monaco-workbench.${workbench}`).waitFor({ state: 'attached', timeout: 30_000 });
      const saved = await savedTheme(s, settingValues);
      if (saved) settingValues.add(saved);
      const panel = s.webviewFrame(0);
      await panel.locator(`body.${body}`).waitFor({ state: 'attached', timeout: 30_000 });
      const frame = await s.webviewFrameHandle(0, 'canvas#loss-chart');
      // The chart redraws with the theme's colours (it re-reads the variables on the class change).
      let m: Measured | undefined;
      const deadline = Date.now() + 15_000;
      for (;;) {
        m = (await frame.evaluate(MEASURE)) as Measured;
        if (m.tick && m.muted && m.tick.replace(/\s/g, '').toLowerCase() === m.muted.replace(/\s/g, '').toLowerCase()) break;
        if (Date.now() > deadline) break;
        await s.page.waitForTimeout(200); // polling interval only
      }
      assert.ok(m);
      assert.equal(m.tick.replace(/\s/g, '').toLowerCase(), m.muted.replace(/\s/g, '').toLowerCase(), `${theme}: chart ticks use --vscode-descriptionForeground`);
      seen.add(m.tick);
      await s.screenshot(theme);
      const min = (x: number | null, limit: number, what: string) => assert.ok(x !== null && x >= limit, `${theme}: ${what} contrast ${x?.toFixed(2)} >= ${limit}`);
      min(m.title, 4.5, 'title');
      min(m.status, 3, 'status');
      min(m.table, 4.5, 'runs table');
      min(m.chartTicks, 3, 'chart tick labels');
      assert.ok(m.runColours.length >= 3, `${theme}: one colour per run`);
      m.runColours.forEach((c, i) => min(c, 3, `run ${i} curve`)); // WCAG 1.4.11: graphics 3:1
    }
    assert.ok(settingValues.size >= THEMES.length - 1, `the picks are saved as workbench.colorTheme user settings: ${[...settingValues].join(', ')}`);
    assert.ok(seen.size >= 3, `the chart's colours change with the theme: ${[...seen].join(', ')}`);
    assert.deepEqual(await s.errorNotifications(), []);
  });
});
