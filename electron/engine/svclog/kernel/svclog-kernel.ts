/**
 * The svclog kernel's exports (compiled by scripts/build-wasm.mjs into ../svclog-kernel-wasm.ts):
 * the SIMD searches and the System block's fast path over the parse window (event-search.ts),
 * whole-event extraction (extract.ts) and the string table it interns into (interner.ts).
 *
 * Memory is the importer's and never grows (growing would detach the JavaScript views of it).
 */
export { indexOfName, indexOfLt, containsAnyName, setupSystem, matchSystem, systemCount } from './event-search';
export { setupExtract, extractRow } from './extract';
export { intern, internCount, internArena, internStarts, internEnds } from './interner';
export { setupBatch, batchStart, batchRows, batchMessages } from './extract';
export { setupScan, setFramerState, windowStart, scanStep, problemsRead, skipLeading, inGarbage, done, keep, eventStart, eventEnd, problems } from './scan';
