// jsonc-parser, imported through its ES-module build: its default (UMD) entry loads its parts with a
// dynamic require() that bundlers cannot follow, so a bundled dist/*.js would fail at run time with
// "Cannot find module './impl/format'". Import jsonc-parser from here, never from 'jsonc-parser'.
export * from 'jsonc-parser/lib/esm/main.js';
