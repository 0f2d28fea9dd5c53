/**
 * A bounded map that forgets the oldest half at once: entries live in the current generation until it is
 * full, then the current becomes the previous and the old previous is dropped. Lookups see both. Every
 * operation is O(1), unlike evicting the first key of a Map that has seen many deletions.
 */
export class TwoGenerationMap<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();

  constructor(private readonly generationSize: number) {}

  get(key: K): V | undefined {
    return this.current.get(key) ?? this.previous.get(key);
  }

  set(key: K, value: V): void {
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}
