/**
 * ../extraction/intern.ts's ValueTable in the kernel, step for step (the same ids in the same order): values
 * are hashed four bytes a step, compared as words and copied once into an arena. Everything lives
 * in a heap the importer reserves after the window; the heap never grows the memory: when it is
 * full, `oom` is set and the importer parses the range again in JavaScript.
 */

let heapTop: usize = 0;
let heapEnd: usize = 0;
let arena: usize = 0;
let arenaCap: i32 = 0;
let used: i32 = 0;
let starts: usize = 0;
let ends: usize = 0;
let idCap: i32 = 0;
let count: i32 = 1;
let slots: usize = 0;
let mask: i32 = 0;
export let oom: bool = false;

/** `bytes` from the heap (16-byte aligned), or 0 and oom set. */
function alloc(bytes: i32): usize {
  const p = (heapTop + 15) & ~(<usize>15);
  if (p + <usize>bytes > heapEnd) {
    oom = true;
    return 0;
  }
  heapTop = p + <usize>bytes;
  return p;
}

/** An empty table (id 0 is the empty string) in the heap [start, end). False when it does not fit. */
export function internReset(start: usize, end: usize): bool {
  heapTop = start;
  heapEnd = end;
  oom = false;
  // The arena starts at a quarter of the heap (its pages cost only once written): growing it by
  // doubling copied every value again into fresh memory, and the heap never reuses what it left.
  arenaCap = max(1 << 16, <i32>((end - start) >> 2) & ~15);
  arena = alloc(arenaCap);
  idCap = 1024;
  starts = alloc(idCap << 2);
  ends = alloc(idCap << 2);
  mask = 2047;
  slots = alloc((mask + 1) << 2);
  used = 0;
  count = 1;
  if (oom) return false;
  memory.fill(slots, 0xff, <usize>((mask + 1) << 2));
  return true;
}

export function internCount(): i32 {
  return count;
}
export function internArena(): usize {
  return arena;
}
export function internStarts(): usize {
  return starts;
}
export function internEnds(): usize {
  return ends;
}

/** intern.ts's hashBytes. */
function hashBytes(at: usize, len: i32): i32 {
  let h: i32 = <i32>0x811c9dc5;
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    h = (h ^ load<i32>(at + <usize>i)) * 0x01000193;
    h ^= <i32>(<u32>h >> 15);
  }
  for (; i < len; i++) h = (h ^ <i32>load<u8>(at + <usize>i)) * 0x01000193;
  h = (h ^ <i32>(<u32>h >> 16)) * <i32>0x85ebca6b;
  return h ^ <i32>(<u32>h >> 13);
}

function same(a: usize, b: usize, len: i32): bool {
  let k = 0;
  for (; k + 8 <= len; k += 8) if (load<u64>(a + <usize>k) != load<u64>(b + <usize>k)) return false;
  for (; k < len; k++) if (load<u8>(a + <usize>k) != load<u8>(b + <usize>k)) return false;
  return true;
}

@inline
function at32(table: usize, i: i32): usize {
  return table + (<usize>i << 2);
}

/** Id of the `len` (> 0) bytes at `at` (the caller has cut them to intern.ts's MAX_VALUE_BYTES); -1 when the heap is full. */
export function intern(at: usize, len: i32): i32 {
  let slot = hashBytes(at, len) & mask;
  for (;;) {
    const id = load<i32>(at32(slots, slot));
    if (id < 0) break;
    const s = load<i32>(at32(starts, id));
    if (load<i32>(at32(ends, id)) - s == len && same(arena + <usize>s, at, len)) return id;
    slot = (slot + 1) & mask;
  }
  return add(at, len, slot);
}

function add(at: usize, len: i32, slot: i32): i32 {
  if (used + len > arenaCap) {
    const cap = max(arenaCap * 2, used + len);
    const next = alloc(cap);
    if (next == 0) return -1;
    memory.copy(next, arena, <usize>used);
    arena = next;
    arenaCap = cap;
  }
  if (count >= idCap) {
    const s = alloc(idCap << 3);
    const e = alloc(idCap << 3);
    if (oom) return -1;
    memory.copy(s, starts, <usize>(idCap << 2));
    memory.copy(e, ends, <usize>(idCap << 2));
    starts = s;
    ends = e;
    idCap <<= 1;
  }
  memory.copy(arena + <usize>used, at, <usize>len);
  const id = count++;
  store<i32>(at32(starts, id), used);
  store<i32>(at32(ends, id), used + len);
  used += len;
  store<i32>(at32(slots, slot), id);
  if (count * 2 > mask && !rehash()) return -1;
  return id;
}

function rehash(): bool {
  const size = (mask + 1) * 2;
  const next = alloc(size << 2);
  if (next == 0) return false;
  memory.fill(next, 0xff, <usize>(size << 2));
  slots = next;
  mask = size - 1;
  for (let id = 1; id < count; id++) {
    const s = load<i32>(at32(starts, id));
    let slot = hashBytes(arena + <usize>s, load<i32>(at32(ends, id)) - s) & mask;
    while (load<i32>(at32(slots, slot)) >= 0) slot = (slot + 1) & mask;
    store<i32>(at32(slots, slot), id);
  }
  return true;
}
