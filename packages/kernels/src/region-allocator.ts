/**
 * First-fit allocator over a wasm module's linear memory, with coalescing frees. The fused kernels keep each
 * forward pass's tape (gates, states, padded weights: ~3 MB for LSTM H=64, T=30, B=64) inside wasm memory until
 * its backward pass, instead of copying it out to JS and back in: those copies measured ~25 % of a fused training
 * step. Per-call scratch comes from here too.
 */
export interface GrowableMemory {
  readonly buffer: ArrayBuffer;
  grow(deltaPages: number): number;
}

const PAGE_BYTES = 65_536;
const ALIGN = 64;

interface FreeBlock {
  start: number;
  end: number;
}

export class RegionAllocator {
  /** Sorted, non-adjacent free ranges below `top`. */
  private free: FreeBlock[] = [];
  private readonly sizes = new Map<number, number>();
  private top: number;

  constructor(
    private readonly memory: GrowableMemory,
    base: number,
  ) {
    this.top = align(base);
  }

  /** Byte offset of `bytes` fresh bytes (contents undefined), 64-byte aligned. */
  alloc(bytes: number): number {
    const size = align(Math.max(bytes, 1));
    const index = this.free.findIndex((block) => block.end - block.start >= size);
    let start: number;
    const block = this.free[index];
    if (block) {
      start = block.start;
      block.start += size;
      if (block.start === block.end) this.free.splice(index, 1);
    } else {
      start = this.top;
      this.top += size;
      const shortfall = this.top - this.memory.buffer.byteLength;
      if (shortfall > 0) this.memory.grow(Math.ceil(shortfall / PAGE_BYTES));
    }
    this.sizes.set(start, size);
    return start;
  }

  release(start: number): void {
    const size = this.sizes.get(start);
    if (size === undefined) throw new Error(`RegionAllocator: ${start} is not an allocated region`);
    this.sizes.delete(start);
    let end = start + size;
    let at = this.free.findIndex((block) => block.start > start);
    if (at === -1) at = this.free.length;
    const before = this.free[at - 1];
    const after = this.free[at];
    if (after && after.start === end) {
      end = after.end;
      this.free.splice(at, 1);
    }
    if (before && before.end === start) {
      before.end = end;
    } else {
      this.free.splice(at, 0, { start, end });
    }
    // A free range touching the top is returned to it, so the next big request reuses it without fragmenting.
    const last = this.free.at(-1);
    if (last && last.end === this.top) {
      this.top = last.start;
      this.free.pop();
    }
  }

  /** Bytes handed out and not yet released. */
  get liveBytes(): number {
    let total = 0;
    for (const size of this.sizes.values()) total += size;
    return total;
  }
}

function align(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}
