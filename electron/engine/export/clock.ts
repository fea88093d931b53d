/** Skew applied to exported times: adjusted = raw − offset of the computer that wrote it. */
export type HostOffsets = ReadonlyMap<string, number>;

export function adjust(offsets: HostOffsets | undefined, host: string, rawUs: number): number {
  return rawUs - (offsets?.get(host) ?? 0);
}
