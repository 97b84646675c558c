// ESLint (flat config): typescript-eslint's recommended rules, and the architecture's import
// boundaries, so that a back-import fails `npm test`:
//
//   webview -> shared <- extension -> engine <- cli (and the gallery, scripts, bench)
//
// - src/engine imports nothing outside itself (no vscode, nothing of src/shared), and inside it each
//   layer imports only the layers below it: math, config, results < model < sim, ode < run.
// - src/shared imports nothing of ours outside itself (engine, extension, cli, webview).
// - webview/ imports only src/shared (it runs in the browser: no engine, no node).
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';

/** A zone: files in `target` may not import from `from` (paths from the project root). */
const zone = (target, from, message, except) => ({ target, from, message, ...(except ? { except } : {}) });

const ENGINE_OUTSIDE = ['./src/shared', './src/extension', './src/cli', './src/gallery', './webview', './scripts', './bench', './test'];
const engineLayer = (layer, above) => above.map((upper) => zone(`./src/engine/${layer}`, `./src/engine/${upper}`, `engine/${layer} is below engine/${upper}: the layers import downwards only`));

export const boundaryZones = [
  ...ENGINE_OUTSIDE.map((from) => zone('./src/engine', from, 'src/engine imports nothing outside itself')),
  ...['./src/engine', './src/extension', './src/cli', './src/gallery', './webview'].map((from) => zone('./src/shared', from, 'src/shared holds code two sides use: it imports none of them')),
  ...['./src/engine', './src/extension', './src/cli', './src/gallery'].map((from) => zone('./webview', from, 'the webview imports only src/shared')),
  zone('./src/cli', './src/extension', 'the CLI does not depend on the VS Code extension'),
  zone('./src/extension', './src/cli', 'the extension does not depend on the CLI'),
  ...engineLayer('math', ['config', 'results', 'model', 'sim', 'ode', 'run']),
  ...engineLayer('config', ['results', 'model', 'sim', 'ode', 'run']),
  ...engineLayer('results', ['config', 'model', 'sim', 'ode', 'run']).filter((z) => !z.from.endsWith('/config')),
  ...engineLayer('model', ['sim', 'ode', 'run']),
  ...engineLayer('sim', ['ode', 'run']),
  ...engineLayer('ode', ['sim', 'run']),
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'test-results/**', 'src/engine/sim/wasm/sgdWasm.ts'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { import: importPlugin },
    settings: { 'import/resolver': { node: { extensions: ['.ts', '.js', '.mjs', '.json'] } } },
    rules: {
      'import/no-restricted-paths': ['error', { zones: boundaryZones }],
      // Engine-only imports of vscode are caught by the zones; `vscode` itself is an npm-less module.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests poke at parsed JSON of any shape; the validator's normalizers run after the schema has
    // accepted the value, so its shape is known there.
    files: ['test/**/*.ts', 'src/engine/config/validate.ts', 'src/engine/config/schemaMessages.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/engine/**/*.ts', 'src/shared/**/*.ts', 'webview/**/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'only src/extension may import vscode' }] }] },
  },
);
