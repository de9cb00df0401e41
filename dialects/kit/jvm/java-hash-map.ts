/**
 * The iteration order of a `java.util.HashMap` (JDK 8 to 21) after a sequence of `put` and
 * `putAll` calls. Java vendors serialise HashMaps in this order: Spring's
 * `DefaultAccessTokenConverter` (JWT claims, check_token) and CAS 6+ (token and profile models).
 *
 * Iteration walks the buckets of the final table; inside a bucket, entries keep their first
 * insertion order (resizes split buckets without reordering, and a re-put keeps the slot).
 * So only the final capacity has to be simulated: it depends on the put sequence, because
 * `putAll` into an empty map pre-sizes the table.
 */
const LOAD_FACTOR = 0.75;
const MAXIMUM_CAPACITY = 1 << 30;

/** `String.hashCode()`: 31-polynomial over UTF-16 code units in 32-bit arithmetic. */
export function javaStringHash(value: string): number {
  let h = 0;
  for (let i = 0; i < value.length; i++) h = (Math.imul(h, 31) + value.charCodeAt(i)) | 0;
  return h;
}

/** `HashMap.hash(key)`: the high half folded into the low half. */
export function spreadHash(value: string): number {
  const h = javaStringHash(value);
  return h ^ (h >>> 16);
}

function tableSizeFor(capacity: number): number {
  let n = 1;
  while (n < capacity) n *= 2;
  return Math.min(n, MAXIMUM_CAPACITY);
}

export class JavaHashMap {
  private readonly entries = new Map<string, unknown>();
  private capacity = 0;
  /** Before the table exists: the initial capacity (0 = default 16); after: the resize threshold. */
  private threshold = 0;

  put(key: string, value: unknown): this {
    if (this.capacity === 0) this.resize();
    const isNew = !this.entries.has(key);
    this.entries.set(key, value);
    if (isNew && this.entries.size > this.threshold) this.resize();
    return this;
  }

  putAll(source: Iterable<[string, unknown]>): this {
    const list = [...source];
    if (list.length === 0) return this;
    if (this.capacity === 0) {
      // Math.fround: Java computes s / 0.75f + 1.0f in float.
      const wanted = Math.trunc(Math.fround(Math.fround(list.length / LOAD_FACTOR) + 1));
      if (wanted > this.threshold) this.threshold = tableSizeFor(wanted);
    } else if (list.length > this.threshold) {
      this.resize();
    }
    for (const [key, value] of list) this.put(key, value);
    return this;
  }

  private resize(): void {
    if (this.capacity === 0) {
      this.capacity = this.threshold > 0 ? this.threshold : 16;
      this.threshold = Math.trunc(this.capacity * LOAD_FACTOR);
      return;
    }
    const oldCapacity = this.capacity;
    this.capacity = oldCapacity * 2;
    this.threshold = oldCapacity >= 16 ? this.threshold * 2 : Math.trunc(this.capacity * LOAD_FACTOR);
  }

  get tableSize(): number {
    return this.capacity;
  }

  /** The entries in iteration order, as a plain object (which keeps that order for non-integer keys). */
  toObject(): Record<string, unknown> {
    const mask = this.capacity - 1;
    const keys = [...this.entries.keys()];
    const ordered = keys
      .map((key, index) => ({ key, index, bucket: spreadHash(key) & mask }))
      .sort((a, b) => a.bucket - b.bucket || a.index - b.index);
    const result: Record<string, unknown> = {};
    for (const { key } of ordered) result[key] = this.entries.get(key);
    return result;
  }
}

/** A copy of `source` with its keys in the order a HashMap filled by `put` in that order iterates them. */
export function inJavaHashMapOrder<T>(source: Record<string, T>): Record<string, T> {
  const map = new JavaHashMap();
  for (const [key, value] of Object.entries(source)) map.put(key, value);
  return map.toObject() as Record<string, T>;
}
