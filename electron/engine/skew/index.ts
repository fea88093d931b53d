/** Clock-skew correction across computers: solver, resolution detection, svclog adapter. */
export { solveSkew, type SkewInput, type SkewObservation, type SkewResult, type HostSkew, type SkewConflict } from './solver';
export { detectResolutionUs, COARSE_TICK_US } from './resolution';
export { skewInputFromSvclog } from './from-svclog';
export { skewSummary, type SkewSummary } from './summary';
