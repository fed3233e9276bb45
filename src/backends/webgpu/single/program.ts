// A program compiled to one whole-program kernel (kernel.ts), behind the same interface as
// the planned program, so a training session drives either one unchanged: fed tensors go
// to their own buffers, the seed, step and scalar inputs to the frame uniform (the planned
// path's format), outputs come out in buffers of their own, and a step is one dispatch
// (plus copies for the variables that did not fit the adapter's bindings).

import { fmt, size } from "../../../ir/shape";
import type { GpuProgramSpec, GpuRuntime, GpuVariables } from "../executor";
import type { BufferPlan } from "../plan";
import { BufferUsage } from "../usage";
import { frameBytes, frameImage, toF32 } from "../wgsl/format";
import { type SingleKernel, singleKernel } from "./kernel";

const STORAGE_RW = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;

export class SingleKernelProgram {
  readonly vars: GpuVariables;
  readonly plan: BufferPlan;
  private readonly owned: GPUBuffer[] = [];
  private readonly heap: GPUBuffer;
  private readonly table: GPUBuffer;
  private readonly frame: GPUBuffer;
  private readonly frameData: ArrayBuffer;
  private readonly inputs = new Map<string, { buffer: GPUBuffer; length: number }>();
  /** The scalar inputs' frame slots, by name (made on the first frameImage). */
  private scalarSlots?: (readonly [string, number])[];
  private readonly outputs = new Map<number, GPUBuffer>();
  private pipeline!: GPUComputePipeline;
  private bindGroup!: GPUBindGroup;

  private constructor(
    readonly runtime: GpuRuntime,
    readonly spec: GpuProgramSpec,
    private readonly k: SingleKernel,
  ) {
    this.vars = spec.variables ?? runtime.variables;
    const d = runtime.device;
    const heapBytes = Math.max(16, Math.ceil((4 * k.layout.floats) / 16) * 16);
    this.heap = this.make("single-kernel heap", 4 * k.layout.floats, STORAGE_RW);
    this.table = this.make("single-kernel op table", 4 * k.table.length, STORAGE_RW);
    d.queue.writeBuffer(this.table, 0, k.table);
    this.frameData = new ArrayBuffer(frameBytes(k.layout.scalars.size));
    this.frame = this.make(
      "single-kernel frame",
      this.frameData.byteLength,
      BufferUsage.UNIFORM | BufferUsage.COPY_DST,
    );
    for (const [name, { length }] of k.layout.inputs)
      this.inputs.set(name, { buffer: this.make(`input ${name}`, 4 * length, STORAGE_RW), length });
    for (const o of k.results)
      this.outputs.set(o, this.make(`output %${o}`, 4 * size(spec.nodes[o].shape), STORAGE_RW));
    for (const c of k.layout.consts) d.queue.writeBuffer(this.heap, 4 * c.off, c.data);
    let persistent = 0;
    for (const name of [...k.layout.bound, ...k.layout.copied.keys()]) persistent += this.vars.get(name).size;
    this.plan = {
      nodes: spec.nodes,
      frameSlots: new Map([...k.layout.scalars].map(([name, s]) => [name, s.slot])),
      kernels: [k.spec],
      storages: new Map(),
      buffers: [heapBytes],
      resultOf: (v) => v,
      stats: {
        kernels: 1,
        ops: k.ops,
        plannedBytes: heapBytes,
        // One region per value is this path's layout: it is the naive plan.
        naiveBytes: heapBytes,
        persistentBytes: persistent,
      },
    };
  }

  static async compile(rt: GpuRuntime, spec: GpuProgramSpec): Promise<SingleKernelProgram> {
    const updates = spec.updates ?? new Map<string, number>();
    const k = singleKernel(
      spec.nodes,
      spec.outputs,
      updates,
      rt.device.limits.maxStorageBuffersPerShaderStage,
    );
    const prog = new SingleKernelProgram(rt, spec, k);
    prog.pipeline = await rt.cache.pipeline(k.spec);
    const buffers = [
      prog.table,
      ...[...prog.inputs.values()].slice(0, k.boundInputs).map((x) => x.buffer),
      prog.heap,
      ...k.results.slice(0, k.boundOutputs).map((o) => prog.outputs.get(o)!),
      ...k.layout.bound.map((name) => prog.vars.get(name)),
      prog.frame,
    ];
    prog.bindGroup = rt.device.createBindGroup({
      label: k.spec.label,
      layout: rt.cache.layout(k.spec.reads.length, k.spec.writes.length, true),
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    return prog;
  }

  private make(label: string, bytes: number, usage: number): GPUBuffer {
    const b = this.runtime.device.createBuffer({
      label,
      size: Math.max(16, Math.ceil(bytes / 16) * 16),
      usage,
    });
    this.owned.push(b);
    return b;
  }

  get inputNames(): string[] {
    return [...this.inputs.keys()];
  }

  inputBuffer(name: string): GPUBuffer | undefined {
    return this.inputs.get(name)?.buffer;
  }

  get frameBuffer(): GPUBuffer {
    return this.frame;
  }

  frameImage(scalars: Record<string, ArrayLike<number>>, seed: number, step: number): ArrayBuffer {
    this.scalarSlots ??= [...this.k.layout.scalars].map(([name, { slot }]) => [name, slot] as const);
    return frameImage(this.frameData.byteLength, this.scalarSlots, scalars, seed, step);
  }

  resultBuffer(v: number): GPUBuffer {
    const b = this.outputs.get(v);
    if (!b) throw new Error(`%${v} is not an output of this program`);
    return b;
  }

  get dispatchCount(): number {
    return 1;
  }

  /** One kernel, compiled in full before the first run: no quick tier (see PlannedProgram). */
  readonly tieredUp: Promise<void> = Promise.resolve();
  readonly tierFailures: string[] = [];
  readonly quickDispatches = 0;

  /** Its one dispatch, with the copies around it, `times` times (profiling: see PlannedProgram). */
  encodeKernel(enc: GPUCommandEncoder, i: number, times = 1): void {
    if (i !== 0) throw new RangeError(`the single-kernel program has one dispatch, not #${i}`);
    for (let t = 0; t < times; t++) this.encode(enc);
  }

  kernelLabel(i: number): string {
    if (i !== 0) throw new RangeError(`the single-kernel program has one dispatch, not #${i}`);
    return "whole program (single kernel)";
  }

  /** Copies around the dispatch: variables that did not fit the bindings, in and out. */
  get copyCount(): number {
    return (
      this.k.layout.copied.size +
      this.k.writeBack.length +
      this.inputs.size -
      this.k.boundInputs +
      this.k.results.length -
      this.k.boundOutputs
    );
  }

  writeInputs(feeds: Record<string, ArrayLike<number>>): void {
    for (const [name, { buffer, length }] of this.inputs) {
      const v = feeds[name];
      if (!v) throw new Error(`no value fed for input "${name}"`);
      if (v.length !== length) throw new Error(`input "${name}": expected ${length} values, got ${v.length}`);
      this.runtime.device.queue.writeBuffer(buffer, 0, toF32(v));
    }
    const vals = new Float32Array(this.frameData, 16);
    for (const [name, { slot }] of this.k.layout.scalars) {
      const v = feeds[name];
      if (v?.length !== 1) throw new Error(`no scalar fed for input "${name}"`);
      vals[slot] = v[0];
    }
  }

  writeFrame(seed: number, step: number): void {
    const head = new Uint32Array(this.frameData, 0, 2);
    head[0] = seed >>> 0;
    head[1] = step >>> 0;
    this.runtime.device.queue.writeBuffer(this.frame, 0, this.frameData);
  }

  encode(enc: GPUCommandEncoder): void {
    [...this.inputs.values()].slice(this.k.boundInputs).forEach(({ buffer, length }, j) => {
      const r = [...this.k.layout.inputs.values()][this.k.boundInputs + j];
      enc.copyBufferToBuffer(buffer, 0, this.heap, 4 * r.off, 4 * length);
    });
    for (const [name, r] of this.k.layout.copied)
      enc.copyBufferToBuffer(this.vars.get(name), 0, this.heap, 4 * r.off, 4 * r.length);
    const pass = enc.beginComputePass();
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.bindGroup);
    pass.dispatchWorkgroups(1);
    pass.end();
    this.k.results.slice(this.k.boundOutputs).forEach((o, j) => {
      const off = this.k.resultOffsets[this.k.boundOutputs + j];
      enc.copyBufferToBuffer(this.heap, 4 * off, this.outputs.get(o)!, 0, 4 * size(this.spec.nodes[o].shape));
    });
    for (const name of this.k.writeBack) {
      const r = this.k.layout.copied.get(name)!;
      enc.copyBufferToBuffer(this.heap, 4 * r.off, this.vars.get(name), 0, 4 * r.length);
    }
  }

  copyResult(enc: GPUCommandEncoder, v: number, dst: GPUBuffer, byteOffset: number, bytes?: number): void {
    const n = bytes ?? 4 * size(this.spec.nodes[v].shape);
    enc.copyBufferToBuffer(this.resultBuffer(v), 0, dst, byteOffset, n);
  }

  async run(
    feeds: Record<string, ArrayLike<number>>,
    frame: { seed: number; step: number },
    read: number[],
  ): Promise<Float32Array[]> {
    for (const v of read) {
      if (!this.outputs.has(v))
        throw new Error(`%${v} ${fmt(this.spec.nodes[v].shape)} is not an output of this program`);
    }
    this.writeInputs(feeds);
    this.writeFrame(frame.seed, frame.step);
    const enc = this.runtime.device.createCommandEncoder();
    this.encode(enc);
    return this.runtime.readBuffers(
      read.map((v) => ({ buffer: this.outputs.get(v)!, bytes: 4 * size(this.spec.nodes[v].shape) })),
      enc,
    );
  }

  destroy(): void {
    for (const b of this.owned) b.destroy();
  }
}
