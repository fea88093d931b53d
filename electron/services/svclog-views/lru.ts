/** A small least-recently-used map: filtered and sorted results are cached per (filter, sort) key. */
export class Lru<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly max: number) {}

  get(key: string, make: () => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const value = make();
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
    return value;
  }

  /** The value kept for `key`, if any (not counted as a use). */
  peek(key: string): V | undefined {
    return this.map.get(key);
  }

  clear(): void {
    this.map.clear();
  }

  delete(key: string): void {
    this.map.delete(key);
  }
}
