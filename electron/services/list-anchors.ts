/**
 * Anchors of a followed list: the renderer names the row at its top and the selected row with a
 * page request and gets their positions in the list as it is now (`anchorsAt`), so it can keep
 * them where they were on screen while rows are inserted above them.
 */

/** Position of each wanted item in the list (-1 when the list does not hold it or it is negative). */
export function positionsIn(list: { indexOf(x: number): number }, wanted: readonly number[]): number[] {
  return wanted.map((w) => (w < 0 ? -1 : list.indexOf(w)));
}

/** The page with the anchors' positions added when any were asked. */
export function withAnchors<P extends object>(page: P, list: { indexOf(x: number): number }, wanted: readonly number[] | undefined): P & { anchorsAt?: number[] } {
  return wanted?.length ? { ...page, anchorsAt: positionsIn(list, wanted) } : page;
}
