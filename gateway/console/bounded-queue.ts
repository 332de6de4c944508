/**
 * The newest items of a stream, bounded by count and by a total size: pushing past either bound drops
 * the oldest. The newest item is always kept, whatever its size. A push is a few array writes.
 */
export class BoundedQueue<T> {
  private readonly items: (T | undefined)[];
  private readonly sizes: number[];
  private head = 0;
  private count = 0;
  private size = 0;
  /** Items ever pushed. */
  private pushed = 0;

  constructor(private readonly maxItems: number, private readonly maxSize: number) {
    this.items = new Array<T | undefined>(maxItems).fill(undefined);
    this.sizes = new Array<number>(maxItems).fill(0);
  }

  /** How many items were ever pushed: {@link since} takes it as a mark. */
  get total(): number {
    return this.pushed;
  }

  push(item: T, itemSize: number): void {
    if (this.count === this.maxItems) this.dropOldest();
    const slot = (this.head + this.count) % this.maxItems;
    this.items[slot] = item;
    this.sizes[slot] = itemSize;
    this.count++;
    this.size += itemSize;
    this.pushed++;
    while (this.size > this.maxSize && this.count > 1) this.dropOldest();
  }

  /** The items still held, newest first. */
  newest(): T[] {
    return this.since(0);
  }

  /** The items pushed after `mark` (a past {@link total}) that are still held, newest first. */
  since(mark: number): T[] {
    const wanted = Math.min(this.count, this.pushed - mark);
    const out: T[] = [];
    for (let i = this.count - 1; i >= this.count - wanted; i--) out.push(this.items[(this.head + i) % this.maxItems] as T);
    return out;
  }

  private dropOldest(): void {
    this.size -= this.sizes[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.maxItems;
    this.count--;
  }
}
