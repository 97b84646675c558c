// The native canvas (@napi-rs/canvas) for PNG figures: loaded at run time (it is not bundled: esbuild
// keeps it external), with a plain error when it is missing, and a font registered once. DejaVu Sans
// (Debian's fonts-dejavu-core) when installed, else whatever sans-serif font the system has.
import { existsSync } from 'node:fs';
import { CliError } from './configFile';

export type CanvasModule = typeof import('@napi-rs/canvas');

const FONT_CANDIDATES: { family: string; regular: string; bold?: string }[] = [
  { family: 'DejaVu Sans', regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf' },
  { family: 'Liberation Sans', regular: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', bold: '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf' },
];

let loaded: { canvas: CanvasModule; fontFamily: string } | undefined;

/** The canvas module and the font family to draw text with. */
export function loadCanvas(): { canvas: CanvasModule; fontFamily: string } {
  if (loaded) return loaded;
  let canvas: CanvasModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    canvas = require('@napi-rs/canvas') as CanvasModule;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new CliError(`PNG output needs the native package @napi-rs/canvas, which could not be loaded (${reason}); run "npm install" in the clipexp folder`);
  }
  let fontFamily = 'sans-serif';
  for (const font of FONT_CANDIDATES) {
    if (canvas.GlobalFonts.has(font.family)) {
      fontFamily = font.family;
      break;
    }
    if (existsSync(font.regular) && canvas.GlobalFonts.registerFromPath(font.regular, font.family)) {
      if (font.bold && existsSync(font.bold)) canvas.GlobalFonts.registerFromPath(font.bold, font.family);
      fontFamily = font.family;
      break;
    }
  }
  if (fontFamily === 'sans-serif' && canvas.GlobalFonts.families.length === 0) {
    process.stderr.write('clipexp: warning: no font found (install fonts-dejavu-core); figures will have no text\n');
  }
  loaded = { canvas, fontFamily };
  return loaded;
}
