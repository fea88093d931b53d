/** Skew applied to exported times: adjusted = raw − offset of the computer that wrote it. */
export type HostOffsets = ReadonlyMap<string, number>;

/** Whole microseconds: offsets are estimates, finer digits would be noise. */
export function adjust(offsets: HostOffsets | undefined, host: string, rawUs: number): number {
  return Math.round(rawUs - (offsets?.get(host) ?? 0));
}
