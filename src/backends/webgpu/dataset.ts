// Datasets resident on the device, and the two dispatches that turn one into a step's
// mini-batch: the sampler (row indices from the step counter, wgsl/sampler.ts) and the
// gather (those rows of x and y into the program's input buffers). Uploaded once per
// session; a step encodes the prebuilt dispatches and moves no data through the host.

import type { Dataset } from "../../data/types";
import type { GpuRuntime } from "./executor";
import type { KernelSpec } from "./kernel";
import { BufferUsage } from "./usage";
import { gatherKernel, samplerKernel } from "./wgsl/sampler";

const STORAGE_RW = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;

function upload(rt: GpuRuntime, label: string, data: Float32Array | Uint32Array): GPUBuffer {
  const limit = rt.device.limits.maxStorageBufferBindingSize;
  if (data.byteLength > limit)
    throw new RangeError(
      `${label}: ${data.byteLength} bytes exceed this adapter's storage binding limit (${limit})`,
    );
  const b = rt.device.createBuffer({
    label,
    size: Math.max(16, Math.ceil(data.byteLength / 16) * 16),
    usage: STORAGE_RW,
  });
  rt.device.queue.writeBuffer(b, 0, data as Float32Array<ArrayBuffer>);
  return b;
}

/** One dataset's samples (x, y) and training split on the device. */
export class ResidentDataset {
  readonly x: GPUBuffer;
  readonly y: GPUBuffer;
  readonly train: GPUBuffer;
  readonly xPer: number;
  readonly yPer: number;

  constructor(
    rt: GpuRuntime,
    readonly ds: Dataset,
  ) {
    this.xPer = ds.xShape.reduce((p, d) => p * d, 1);
    this.yPer = ds.yShape.reduce((p, d) => p * d, 1);
    this.x = upload(rt, `dataset ${ds.name} x`, ds.x);
    this.y = upload(rt, `dataset ${ds.name} y`, ds.y);
    this.train = upload(rt, `dataset ${ds.name} train split`, ds.split.train);
  }

  get bytes(): number {
    return this.x.size + this.y.size + this.train.size;
  }

  destroy(): void {
    this.x.destroy();
    this.y.destroy();
    this.train.destroy();
  }
}

interface Dispatch {
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  groups: [number, number, number];
}

/** Where a batch goes: the program's input buffers for x and y (undefined when not read). */
export interface BatchTargets {
  x?: GPUBuffer;
  y?: GPUBuffer;
  /** The frame uniform holding the step counter the sampler reads. */
  frame: GPUBuffer;
}

/**
 * The sampler and gather dispatches of one Dataset node for one program: pipelines and bind
 * groups built once, so encoding a step's batch allocates nothing.
 */
export class DeviceBatcher {
  private constructor(
    private readonly dispatches: Dispatch[],
    private readonly owned: GPUBuffer[],
    /** Row indices of the current batch (u32); eval writes them from the host. */
    readonly rows: GPUBuffer,
  ) {}

  static async create(
    rt: GpuRuntime,
    data: ResidentDataset,
    opts: { key: number; batch: number; targets: BatchTargets; label: string },
  ): Promise<DeviceBatcher> {
    const { batch, targets, label } = opts;
    const dev = rt.device;
    const rows = dev.createBuffer({
      label: `${label} rows`,
      size: Math.max(16, 4 * batch),
      usage: STORAGE_RW,
    });
    const keyBuf = dev.createBuffer({ label: `${label} sampler key`, size: 16, usage: STORAGE_RW });
    dev.queue.writeBuffer(keyBuf, 0, new Uint32Array([opts.key >>> 0, 0, 0, 0]));
    const n = data.ds.split.train.length;
    if (n === 0) throw new Error(`dataset "${data.ds.name}" has an empty training split`);
    const s = samplerKernel(n, batch);
    const parts: { src: GPUBuffer; dst: GPUBuffer; per: number }[] = [];
    if (targets.x) parts.push({ src: data.x, dst: targets.x, per: data.xPer });
    if (targets.y) parts.push({ src: data.y, dst: targets.y, per: data.yPer });
    const specs: { spec: KernelSpec; entries: GPUBuffer[] }[] = [
      {
        spec: {
          label: `${label} sampler`,
          code: s.code,
          reads: [0, 0],
          writes: [0],
          frame: true,
          groups: s.groups,
        },
        entries: [data.train, keyBuf, rows, targets.frame],
      },
    ];
    if (parts.length) {
      const g = gatherKernel(batch, parts);
      specs.push({
        spec: {
          label: `${label} gather`,
          code: g.code,
          reads: [0, ...parts.map(() => 0)],
          writes: parts.map(() => 0),
          frame: false,
          groups: g.groups,
        },
        entries: [rows, ...parts.map((p) => p.src), ...parts.map((p) => p.dst)],
      });
    }
    const pipelines = await Promise.all(specs.map(({ spec }) => rt.cache.pipeline(spec)));
    const dispatches = specs.map(({ spec, entries }, i) => ({
      pipeline: pipelines[i],
      bindGroup: dev.createBindGroup({
        label: spec.label,
        layout: rt.cache.layout(spec.reads.length, spec.writes.length, spec.frame),
        entries: entries.map((buffer, binding) => ({ binding, resource: { buffer } })),
      }),
      groups: spec.groups,
    }));
    return new DeviceBatcher(dispatches, [rows, keyBuf], rows);
  }

  /** Samples the step's rows (from the frame's step counter) and gathers them. */
  encode(pass: GPUComputePassEncoder): void {
    for (const d of this.dispatches) {
      pass.setPipeline(d.pipeline);
      pass.setBindGroup(0, d.bindGroup);
      pass.dispatchWorkgroups(d.groups[0], d.groups[1], d.groups[2]);
    }
  }

  /** Gathers rows already in `rows` (written by the host), skipping the sampler. */
  encodeGather(pass: GPUComputePassEncoder): void {
    for (const d of this.dispatches.slice(1)) {
      pass.setPipeline(d.pipeline);
      pass.setBindGroup(0, d.bindGroup);
      pass.dispatchWorkgroups(d.groups[0], d.groups[1], d.groups[2]);
    }
  }

  get dispatchCount(): number {
    return this.dispatches.length;
  }

  destroy(): void {
    for (const b of this.owned) b.destroy();
  }
}
