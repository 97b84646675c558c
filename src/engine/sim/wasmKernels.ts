// The WebAssembly versions of the SGD/HSGD passes (wasm/sgd.wat): one instance per simulation, its
// linear memory holding w, a, the spectrum, the ziggurat tables and the deferred slow-path draws.
// Bit-identical to the TypeScript passes in sgdPass.ts (same operations in the same order); about
// twice as fast (no bounds checks or type guards in the loop). Falls back to TypeScript when
// WebAssembly is unavailable.
import { ZIG_KN, ZIG_MASK, ZIG_WN, type Rng } from '../math/rng';
import { SGD_WASM_BASE64 } from './wasm/sgdWasm';

interface Exports {
  memory: WebAssembly.Memory;
  sgdIdentity(w: number, a: number, n: number, coef: number, kn: number, wn: number, ri: number, rb: number, st: number, out: number): number;
  sgdScaled(w: number, a: number, sl: number, n: number, coef: number, kn: number, wn: number, ri: number, rb: number, st: number, out: number): number;
  hsgd(w: number, lam: number, sl: number, n: number, drift: number, diffusion: number, kn: number, wn: number, ri: number, rb: number, st: number, out: number): number;
}

let compiled: WebAssembly.Module | null | undefined;
function wasmModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(SGD_WASM_BASE64, 'base64'));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Whether the WebAssembly kernels can run here (CLIPEXP_NO_WASM=1 forces the TypeScript ones). */
export function wasmAvailable(): boolean {
  return process.env.CLIPEXP_NO_WASM !== '1' && typeof WebAssembly === 'object' && wasmModule() !== null;
}

export class WasmKernel {
  readonly w: Float64Array;
  readonly a: Float64Array;
  readonly lam: Float64Array;
  readonly sl: Float64Array;
  private readonly ex: Exports;
  private readonly state: Int32Array;
  private readonly out: Float64Array;
  private readonly ri: Int32Array;
  private readonly rb: Int32Array;
  private readonly p: { st: number; out: number; kn: number; wn: number; w: number; a: number; lam: number; sl: number; ri: number; rb: number };
  private readonly n: number;

  constructor(dim: number) {
    const instance = new WebAssembly.Instance(wasmModule()!, {});
    this.ex = instance.exports as unknown as Exports;
    const n = dim;
    this.n = n;
    // Layout (bytes): state (2 x 4 words), out, kn (i32), wn (f64), w, a, lambda, sqrt(lambda), ri, rb.
    const st = 0;
    const out = 32;
    const kn = 48;
    const wn = kn + 4 * ZIG_KN.length;
    // Every vector starts on a 16-byte boundary (the SIMD loads of the pass).
    const align = (x: number) => (x + 15) & ~15;
    const w = align(wn + 8 * ZIG_WN.length);
    const a = align(w + 8 * n);
    const lam = align(a + 8 * n);
    const sl = align(lam + 8 * n);
    const ri = align(sl + 8 * n);
    const rb = align(ri + 4 * n);
    const end = rb + 4 * n;
    const mem = this.ex.memory;
    const need = Math.ceil(end / 65536) - mem.buffer.byteLength / 65536;
    if (need > 0) mem.grow(need);
    const buf = mem.buffer;
    this.p = { st, out, kn, wn, w, a, lam, sl, ri, rb };
    this.state = new Int32Array(buf, st, 8);
    this.out = new Float64Array(buf, out, 2);
    new Int32Array(buf, kn, ZIG_KN.length).set(Int32Array.from(ZIG_KN, (x) => Math.min(x, 2147483647)));
    new Float64Array(buf, wn, ZIG_WN.length).set(ZIG_WN);
    this.w = new Float64Array(buf, w, n);
    this.a = new Float64Array(buf, a, n);
    this.lam = new Float64Array(buf, lam, n);
    this.sl = new Float64Array(buf, sl, n);
    this.ri = new Int32Array(buf, ri, n);
    this.rb = new Int32Array(buf, rb, n);
  }

  /** As sgdPass (sgdPass.ts): returns <a, w> in out[0] and |a|^2 in out[1]. */
  sgdPass(scaled: boolean, coef: number, rng: Rng, out: Float64Array): void {
    const p = this.p;
    this.state.set(rng.state);
    const nrej = scaled
      ? this.ex.sgdScaled(p.w, p.a, p.sl, this.n, coef, p.kn, p.wn, p.ri, p.rb, p.st, p.out)
      : this.ex.sgdIdentity(p.w, p.a, this.n, coef, p.kn, p.wn, p.ri, p.rb, p.st, p.out);
    rng.state.set(this.state);
    let dot = this.out[0];
    let an2 = this.out[1];
    const w = this.w;
    const a = this.a;
    for (let j = 0; j < nrej; j++) {
      const i = this.ri[j];
      const x = this.rb[j];
      const ai = scaled ? this.sl[i] * rng.normalTail(x, x & ZIG_MASK) : rng.normalTail(x, x & ZIG_MASK);
      a[i] = ai;
      dot += ai * w[i];
      an2 += ai * ai;
    }
    out[0] = dot;
    out[1] = an2;
  }

  /** As hsgdPass (sgdPass.ts): returns sum lambda_i w_i^2. */
  hsgdPass(drift: number, diffusion: number, rng: Rng): number {
    const p = this.p;
    this.state.set(rng.state); // (the HSGD pass uses the main generator only)
    const nrej = this.ex.hsgd(p.w, p.lam, p.sl, this.n, drift, diffusion, p.kn, p.wn, p.ri, p.rb, p.st, p.out);
    rng.state.set(this.state);
    let sum = this.out[0];
    const w = this.w;
    for (let j = 0; j < nrej; j++) {
      const i = this.ri[j];
      const x = this.rb[j];
      const li = this.lam[i];
      const before = w[i];
      sum -= li * before * before;
      const wi = before + diffusion * this.sl[i] * rng.normalTail(x, x & ZIG_MASK);
      w[i] = wi;
      sum += li * wi * wi;
    }
    return sum;
  }
}
