/**
 * Loading the engine's WebAssembly kernels (AssemblyScript sources under each engine's kernel/
 * folder, compiled by scripts/build-wasm.mjs into base64 modules). Each is compiled once per
 * thread; a host without WebAssembly SIMD gets null, and the engine then uses its JavaScript path.
 * Kernels import their memory, and it never grows: growing would detach the buffer under every
 * JavaScript view of it, and after one detach V8 guards every typed-array access in the thread.
 */

/** `base64` compiled on first use in this thread (null where WebAssembly SIMD is not available). */
export function kernelLoader(base64: string): () => WebAssembly.Module | null {
  let compiled: WebAssembly.Module | null | undefined;
  return () => {
    if (compiled === undefined) {
      try {
        compiled = new WebAssembly.Module(Buffer.from(base64, 'base64'));
      } catch {
        compiled = null;
      }
    }
    return compiled;
  };
}

/**
 * A fixed memory of at least `bytes` (whole 64 KiB pages) and an instance of `module` on it;
 * `imports`: the functions the kernel calls back.
 */
export function instantiate<T>(module: WebAssembly.Module, bytes: number, imports: Record<string, (...args: number[]) => number | void> = {}): { memory: WebAssembly.Memory; exports: T } {
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const instance = new WebAssembly.Instance(module, { env: { memory, ...imports } });
  return { memory, exports: instance.exports as unknown as T };
}

/** A kernel ran out of room in its fixed memory (the range is then parsed without it). */
export class KernelOutOfMemory extends Error {
  constructor(what: string) {
    super(`The ${what} kernel ran out of memory.`);
  }
}
