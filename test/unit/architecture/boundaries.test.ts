// The architecture's import boundaries (eslint.config.mjs) fail the lint on a back-import: each case
// lints a one-line file at a real place in the tree, and the allowed directions lint clean.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: ROOT });

async function boundaryErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(ROOT, file) });
  return result.messages.filter((m) => m.ruleId === 'import/no-restricted-paths' || m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  const refused: [string, string, RegExp][] = [
    ['src/engine/model/backImport.ts', "export { lossChartConfig } from '../../shared/chartConfig';", /src\/engine imports nothing outside itself/],
    ['src/engine/run/backImport.ts', "export { activate } from '../../extension/extension';", /src\/engine imports nothing outside itself/],
    ['src/engine/config/vscodeImport.ts', "export { window } from 'vscode';", /only src\/extension may import vscode/],
    ['src/engine/model/upwards.ts', "export { runExperiment } from '../run/runner';", /engine\/model is below engine\/run/],
    ['src/engine/math/upwards.ts', "export type { ExperimentConfig } from '../config/types';", /engine\/math is below engine\/config/],
    ['src/shared/backImport.ts', "export { parseExperiment } from '../engine';", /src\/shared holds code two sides use/],
    ['webview/backImport.ts', "export { parseExperiment } from '../src/engine';", /the webview imports only src\/shared/],
    ['webview/hostImport.ts', "export { panelHtml } from '../src/extension/panel/panelHtml';", /the webview imports only src\/shared/],
    ['src/cli/hostImport.ts', "export { activate } from '../extension/extension';", /the CLI does not depend on the VS Code extension/],
  ];
  for (const [file, source, expected] of refused) {
    it(`refuses ${file}: ${source}`, async () => {
      const errors = await boundaryErrors(file, source);
      assert.ok(errors.some((m) => expected.test(m)), `expected ${expected}, got ${JSON.stringify(errors)}`);
    });
  }

  const allowed: [string, string][] = [
    ['src/cli/allowed.ts', "export { parseExperiment } from '../engine';"],
    ['src/extension/allowed.ts', "export { parseExperiment } from '../engine';\nexport { lossChartConfig } from '../shared/chartConfig';"],
    ['webview/allowed.ts', "export { lossChartConfig } from '../src/shared/chartConfig';"],
    ['src/engine/run/allowed.ts', "export { solveOde } from '../ode/ode';"],
  ];
  for (const [file, source] of allowed) {
    it(`allows ${file}`, async () => {
      assert.deepEqual(await boundaryErrors(file, source), []);
    });
  }
});
