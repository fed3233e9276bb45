// Non-blocking readback of small per-step records (loss, metrics). Each step copies its
// record into the next free row of a mappable staging buffer; a buffer is mapped once it is
// full, or as soon as no further step is queued, so one mapAsync serves many steps. A few
// buffers rotate: the step loop only waits when all of them are still being mapped, so
// losses arrive a few steps late and the GPU never idles waiting for the CPU to read.

import { BufferUsage, MapMode } from "./usage";

interface Slot {
  buffer: GPUBuffer;
  rows: number;
  /** Resolves with the slot's contents once mapped; settles before the slot is reused. */
  data: Promise<Float32Array> | null;
  resolve: ((v: Float32Array) => void) | null;
  reject: ((e: unknown) => void) | null;
}

export interface Row {
  buffer: GPUBuffer;
  /** Byte offset of this step's record in `buffer`. */
  offset: number;
  /** The record's floats, once its buffer has been mapped. */
  values: Promise<Float32Array>;
}

export class ReadbackRing {
  private readonly slots: Slot[];
  private current = -1;
  private next = 0;
  private idle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    device: GPUDevice,
    readonly recordBytes: number,
    readonly rowsPerSlot = 16,
    slots = 4,
  ) {
    const bytes = Math.max(16, Math.ceil((recordBytes * rowsPerSlot) / 16) * 16);
    this.slots = Array.from({ length: slots }, (_, k) => ({
      buffer: device.createBuffer({
        label: `wiregrad readback ${k}`,
        size: bytes,
        usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST,
      }),
      rows: 0,
      data: null,
      resolve: null,
      reject: null,
    }));
  }

  /** The row for the next step (waits only while every buffer is still mapping). */
  async reserve(): Promise<Row> {
    return (await this.reserveRows(1))[0];
  }

  /**
   * Rows for `count` steps submitted together, all in one buffer: when the buffer being
   * filled has too few rows left it is mapped now (its rows belong to earlier submits).
   */
  async reserveRows(count: number): Promise<Row[]> {
    if (count > this.rowsPerSlot)
      throw new RangeError(`${count} rows exceed the ${this.rowsPerSlot} of a ring buffer`);
    if (this.current >= 0 && this.slots[this.current].rows + count > this.rowsPerSlot) this.map();
    if (this.current < 0) {
      const k = this.next;
      this.next = (this.next + 1) % this.slots.length;
      const s = this.slots[k];
      if (s.data) await s.data.catch(() => undefined);
      s.rows = 0;
      s.data = new Promise<Float32Array>((resolve, reject) => {
        s.resolve = resolve;
        s.reject = reject;
      });
      s.data.catch(() => undefined); // observed through each row's promise
      this.current = k;
    }
    const s = this.slots[this.current];
    const n = this.recordBytes / 4;
    const data = s.data!;
    return Array.from({ length: count }, () => {
      const row = s.rows++;
      return {
        buffer: s.buffer,
        offset: row * this.recordBytes,
        values: data.then((v) => v.subarray(row * n, (row + 1) * n)),
      };
    });
  }

  /** Call after submitting the copy into the row: maps a full buffer, or schedules a flush. */
  committed(): void {
    const s = this.slots[this.current];
    if (s.rows >= this.rowsPerSlot) {
      this.map();
      return;
    }
    this.idle ??= setTimeout(() => {
      this.idle = undefined;
      this.map();
    }, 0);
  }

  /** Maps the buffer being filled, if it has rows. */
  map(): void {
    if (this.current < 0) return;
    const s = this.slots[this.current];
    this.current = -1;
    if (this.idle) {
      clearTimeout(this.idle);
      this.idle = undefined;
    }
    const { resolve, reject } = s;
    s.buffer.mapAsync(MapMode.READ).then(
      () => {
        const v = new Float32Array(s.buffer.getMappedRange().slice(0));
        s.buffer.unmap();
        resolve!(v);
      },
      (e: unknown) => reject!(e),
    );
  }

  destroy(): void {
    if (this.idle) clearTimeout(this.idle);
    for (const s of this.slots) s.buffer.destroy();
  }
}

/**
 * A staging buffer for occasional larger reads (weight snapshots, probe results): a copy is
 * encoded into it with the work that produces the data, then it is mapped without anyone
 * awaiting it on the training path. `busy` while mapping, so a caller can skip a round.
 */
export class StagingBuffer {
  readonly buffer: GPUBuffer;
  busy = false;

  constructor(device: GPUDevice, bytes: number, label: string) {
    this.buffer = device.createBuffer({
      label,
      size: Math.max(16, Math.ceil(bytes / 16) * 16),
      usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST,
    });
  }

  /** Call after submitting the copies into it: maps it and resolves with a copy of its floats. */
  read(): Promise<Float32Array> {
    this.busy = true;
    return this.buffer.mapAsync(MapMode.READ).then(
      () => {
        const v = new Float32Array(this.buffer.getMappedRange().slice(0));
        this.buffer.unmap();
        this.busy = false;
        return v;
      },
      (e: unknown) => {
        this.busy = false;
        throw e;
      },
    );
  }

  destroy(): void {
    this.buffer.destroy();
  }
}
