/**
 * Parse workers transfer their column buffers to the main thread when a part is done (and, for
 * partial results, during the parse). The first transfer detaches an ArrayBuffer, which makes V8
 * throw away every optimised function that assumed no buffer is ever detached: the whole parser
 * then runs unoptimised again and is re-optimised during the next file (measured: the second
 * 100 MB load in a worker as slow as the first). Detaching one throwaway buffer when the worker
 * starts settles that assumption before any code is optimised, so the parser is optimised once.
 */
export function settleBufferDetaching(): void {
  const scratch = new ArrayBuffer(8);
  structuredClone(scratch, { transfer: [scratch] });
}
