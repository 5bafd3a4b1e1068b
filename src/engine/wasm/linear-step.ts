import { LINEAR_STEP_WASM_BASE64 } from './linear-step-binary';

/** The kernel's exports (linear-step.wat); pointers are byte offsets into its memory. */
interface LinearStepExports {
  dot(xp: number, d: number): number;
  update(xp: number, d: number, a: number, c: number): number;
}

/**
 * The part of the WebAssembly JavaScript API used here, typed locally: the project's lib (ES2022, no DOM)
 * declares no WebAssembly values. Node and browsers provide them all.
 */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

const PAGE = 65536;
/**
 * The largest memory a kernel is given (w_t and the n×d rows): 1 GiB, far below the 4 GiB a 32-bit memory
 * addresses; larger data run the JavaScript loops (same bits).
 */
export const KERNEL_MAX_BYTES = 2 ** 30;

/** Bytes of a kernel's memory for n rows of dimension d. */
export function kernelBytes(n: number, d: number): number {
  return 8 * d * (n + 1);
}

/** A compiled kernel module (linear-step.wat's exports). */
export type KernelModule = object;

/** Compiles kernel bytes (synchronously: the module is 500 bytes). */
export function compileKernel(bytes: Uint8Array): KernelModule {
  return new wasmApi.Module(bytes);
}

let committed: KernelModule | undefined;

/** The committed kernel, compiled once per thread on first use. */
function committedKernel(): KernelModule {
  if (!committed) {
    const b = atob(LINEAR_STEP_WASM_BASE64);
    const bytes = new Uint8Array(b.length);
    for (let i = 0; i < b.length; i++) bytes[i] = b.charCodeAt(i);
    committed = compileKernel(bytes);
  }
  return committed;
}

/**
 * One run's WebAssembly memory and kernel: the iterate w_t (`w`, a view the runner uses as its own) and a
 * copy of the data rows, taken at construction (the rows must not change during a run, as for the
 * JavaScript path). `dot` and `update` are dotRow and the runner's fused update, with the same bits.
 */
export class LinearStepKernel {
  /** w_t, in the kernel's memory. */
  readonly w: Float64Array;
  private readonly k: LinearStepExports;

  /** `module`: the committed kernel unless another build is given (a test's). */
  constructor(
    rows: Float64Array,
    private readonly d: number,
    module: KernelModule = committedKernel(),
  ) {
    const bytes = kernelBytes(rows.length / d, d);
    const memory = new wasmApi.Memory({ initial: Math.ceil(bytes / PAGE) });
    this.k = new wasmApi.Instance(module, { engine: { memory } }).exports as LinearStepExports;
    this.w = new Float64Array(memory.buffer, 0, d);
    new Float64Array(memory.buffer, 8 * d, rows.length).set(rows);
  }

  /** x·w for x = rows[off .. off + d) (off = i·d), in dotRow's order. */
  dot(off: number): number {
    return this.k.dot(8 * (this.d + off), this.d);
  }

  /** w ← w − a·(c·x) for x = rows[off .. off + d); returns ‖w‖² (the runner's four partial sums). */
  update(off: number, a: number, c: number): number {
    return this.k.update(8 * (this.d + off), this.d, a, c);
  }
}
