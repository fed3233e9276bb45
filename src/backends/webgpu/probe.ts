// Probes on the device: a program that recomputes the watched values (the training step's
// forward and backward, without its updates) on one mini-batch, followed by the summary
// kernels of wgsl/probe.ts for each value, and one copy of all the small results into a
// staging buffer that is mapped without anyone on the training path waiting for it.

import type { IRNode } from "../../ir/prims";
import { size } from "../../ir/shape";
import type { DeviceBatcher } from "./dataset";
import type { GpuProgram, GpuRuntime, GpuVariables } from "./executor";
import { StagingBuffer } from "./readback";
import { BufferUsage } from "./usage";
import {
  histKernel,
  histReduceKernel,
  PROBE_BINS,
  type ProbeGeometry,
  probeGeometry,
  RESULT_HEAD,
  resultFloats,
  statsKernel,
  statsReduceKernel,
} from "./wgsl/probe";

/** A fixed-bin histogram over [lo, hi] and the moments of one tensor (TensorSummary's shape). */
export interface ProbeSummary {
  shape: number[];
  mean: number;
  std: number;
  min: number;
  max: number;
  nonFinite: number;
  hist: { lo: number; hi: number; counts: number[] };
}

export interface ProbeValue {
  summary: ProbeSummary;
  /** x[k·stride] for k < ⌈n/stride⌉, stride = ⌈n/1024⌉. */
  sample: Float32Array;
}

const STORAGE_RW = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;

interface Dispatch {
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  groups: [number, number, number];
}

interface Probed {
  id: number;
  shape: number[];
  geometry: ProbeGeometry;
  result: GPUBuffer;
  /** Float offset of this value's result in the staging buffer. */
  at: number;
}

/** Reads a result record (layout of wgsl/probe.ts) into a summary and its sample. */
export function parseProbe(rec: Float32Array, shape: number[], g: ProbeGeometry): ProbeValue {
  return {
    summary: {
      shape,
      mean: rec[0],
      std: rec[1],
      min: rec[2],
      max: rec[3],
      nonFinite: rec[5],
      hist: {
        lo: rec[2],
        hi: rec[3],
        counts: Array.from(rec.subarray(RESULT_HEAD, RESULT_HEAD + PROBE_BINS)),
      },
    },
    sample: rec.slice(RESULT_HEAD + PROBE_BINS, RESULT_HEAD + PROBE_BINS + g.sample),
  };
}

/**
 * The same summary on the host, computed as the kernels do (finite values only, population
 * std around the mean, bin ⌊(v − min)·(BINS/(max − min))⌋ clamped to the last): the CPU
 * backend's probes and the tests' reference.
 */
export function summarizeOnHost(values: ArrayLike<number>, shape: number[]): ProbeValue {
  const g = probeGeometry(values.length);
  let cnt = 0;
  let bad = 0;
  let sum = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      cnt++;
      sum += v;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    } else bad++;
  }
  const mean = cnt ? Math.fround(sum / cnt) : Number.NaN;
  const counts = new Array<number>(PROBE_BINS).fill(0);
  const scale = hi > lo ? Math.fround(PROBE_BINS / Math.fround(hi - lo)) : 0;
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    ss += (v - mean) ** 2;
    counts[Math.min(PROBE_BINS - 1, Math.floor(Math.fround(Math.fround(v - lo) * scale)))]++;
  }
  const sample = new Float32Array(g.sample);
  for (let k = 0; k < g.sample; k++) sample[k] = values[k * g.stride];
  return {
    summary: {
      shape,
      mean,
      std: cnt ? Math.sqrt(ss / cnt) : Number.NaN,
      min: cnt ? lo : Number.NaN,
      max: cnt ? hi : Number.NaN,
      nonFinite: bad,
      hist: { lo: cnt ? lo : Number.NaN, hi: cnt ? hi : Number.NaN, counts },
    },
    sample,
  };
}

/** A compiled probe of a fixed set of values: the recomputing program, its batch and the summaries. */
export class ProbeSet {
  private readonly stages: StagingBuffer[] = [];

  private constructor(
    private readonly rt: GpuRuntime,
    private readonly program: GpuProgram,
    private readonly batchers: DeviceBatcher[],
    private readonly probed: Probed[],
    private readonly dispatches: Dispatch[],
    private readonly owned: GPUBuffer[],
    private readonly totalFloats: number,
  ) {}

  static async create(
    rt: GpuRuntime,
    opts: {
      nodes: readonly IRNode[];
      ids: number[];
      fuse: boolean;
      variables: GpuVariables;
      batchers: (program: GpuProgram) => Promise<DeviceBatcher[]>;
    },
  ): Promise<ProbeSet> {
    const program = await rt.compile({
      nodes: opts.nodes,
      outputs: opts.ids,
      fuse: opts.fuse,
      variables: opts.variables,
    });
    const batchers = await opts.batchers(program);
    const dev = rt.device;
    const owned: GPUBuffer[] = [];
    const make = (label: string, floats: number) => {
      const b = dev.createBuffer({
        label,
        size: Math.max(16, Math.ceil((4 * floats) / 16) * 16),
        usage: STORAGE_RW,
      });
      owned.push(b);
      return b;
    };
    const probed: Probed[] = [];
    const specs: { label: string; code: string; reads: GPUBuffer[]; writes: GPUBuffer[]; groups: number }[] =
      [];
    let at = 0;
    for (const id of opts.ids) {
      const shape = [...opts.nodes[id].shape];
      const g = probeGeometry(Math.max(1, size(shape)));
      const x = program.resultBuffer(id);
      const part = make(`probe %${id} partials`, 5 * g.threads);
      const part2 = make(`probe %${id} histogram partials`, (PROBE_BINS + 1) * g.threads);
      const result = make(`probe %${id} result`, resultFloats(g));
      const wg = g.threads / 64;
      specs.push(
        { label: `probe %${id} stats`, code: statsKernel(g), reads: [x], writes: [part, result], groups: wg },
        {
          label: `probe %${id} stats reduce`,
          code: statsReduceKernel(g),
          reads: [part],
          writes: [result],
          groups: 1,
        },
        {
          label: `probe %${id} histogram`,
          code: histKernel(g),
          reads: [x, result],
          writes: [part2],
          groups: wg,
        },
        {
          label: `probe %${id} histogram reduce`,
          code: histReduceKernel(g),
          reads: [part2],
          writes: [result],
          groups: 1,
        },
      );
      probed.push({ id, shape, geometry: g, result, at });
      at += resultFloats(g);
    }
    const pipelines = await Promise.all(
      specs.map((s) =>
        rt.cache.pipeline({
          label: s.label,
          code: s.code,
          reads: s.reads.map(() => 0),
          writes: s.writes.map(() => 0),
          frame: false,
          groups: [s.groups, 1, 1],
        }),
      ),
    );
    const dispatches = specs.map((s, i) => ({
      pipeline: pipelines[i],
      bindGroup: dev.createBindGroup({
        label: s.label,
        layout: rt.cache.layout(s.reads.length, s.writes.length, false),
        entries: [...s.reads, ...s.writes].map((buffer, binding) => ({ binding, resource: { buffer } })),
      }),
      groups: [s.groups, 1, 1] as [number, number, number],
    }));
    return new ProbeSet(rt, program, batchers, probed, dispatches, owned, at);
  }

  /**
   * Encodes and submits one probe with the given frame (the step whose batch and noise it
   * recomputes, the scalar inputs); returns the promise of its results without waiting for it.
   */
  run(frame: { scalars: Record<string, ArrayLike<number>>; seed: number; step: number }): {
    read: Promise<Map<number, ProbeValue>>;
  } {
    const dev = this.rt.device;
    dev.queue.writeBuffer(
      this.program.frameBuffer,
      0,
      this.program.frameImage(frame.scalars, frame.seed, frame.step),
    );
    const enc = dev.createCommandEncoder({ label: "wiregrad probe" });
    if (this.batchers.length) {
      const pass = enc.beginComputePass();
      for (const b of this.batchers) b.encode(pass);
      pass.end();
    }
    this.program.encode(enc);
    const pass = enc.beginComputePass();
    for (const d of this.dispatches) {
      pass.setPipeline(d.pipeline);
      pass.setBindGroup(0, d.bindGroup);
      pass.dispatchWorkgroups(d.groups[0], d.groups[1], d.groups[2]);
    }
    pass.end();
    // A probe asked for while the previous one is still mapping gets a staging buffer of its own.
    let stage = this.stages.find((s) => !s.busy);
    if (!stage) {
      stage = new StagingBuffer(dev, 4 * this.totalFloats, "wiregrad probe readback");
      this.stages.push(stage);
    }
    for (const p of this.probed)
      enc.copyBufferToBuffer(p.result, 0, stage.buffer, 4 * p.at, 4 * resultFloats(p.geometry));
    dev.queue.submit([enc.finish()]);
    const read = stage
      .read()
      .then(
        (all) =>
          new Map(
            this.probed.map((p) => [
              p.id,
              parseProbe(all.subarray(p.at, p.at + resultFloats(p.geometry)), p.shape, p.geometry),
            ]),
          ),
      );
    return { read };
  }

  destroy(): void {
    this.program.destroy();
    for (const b of this.batchers) b.destroy();
    for (const b of this.owned) b.destroy();
    for (const s of this.stages) s.destroy();
  }
}
