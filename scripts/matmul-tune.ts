// Times the WebGPU matmul kernel alone (no planner, no other kernels) for the shapes of
// the workload 2 (MLP 784→256→128→10, batch 1000: forward and both backward
// products, with the transposed operands read in place) and square 256³/512³/1024³.
// Every variant of a shape runs interleaved in the same process (round-robin, medians of
// RUNS), so a noisy machine slows them alike. Also checks each variant against the baseline.
//
//   npx tsx scripts/matmul-tune.ts [--runs=5] [--reps=3] [--only=fwd1,sq256] [--variants=base,t4x8w64]

import { acquireGpu } from "../src/backends/webgpu/device";
import type { KernelSpec } from "../src/backends/webgpu/kernel";
import {
  type MatmulArgs,
  type MatmulTile,
  matmulKernel,
  matmulTiledKernel,
} from "../src/backends/webgpu/wgsl/matmul";

const args = process.argv.slice(2);
const flag = (name: string, def: string) =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def;
const RUNS = Number(flag("runs", "5"));
const REPS = Number(flag("reps", "3"));
const ONLY = flag("only", "").split(",").filter(Boolean);
const VARIANTS = flag("variants", "").split(",").filter(Boolean);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** C[m×n] = A·B with A read as [m×k] at (row, col) strides and B as [k×n]. */
interface Shape {
  name: string;
  m: number;
  k: number;
  n: number;
  /** A stored transposed ([k×m] row-major). */
  aT?: boolean;
  /** B stored transposed ([n×k] row-major). */
  bT?: boolean;
}

const shapes: Shape[] = [
  // Forward x·Wᵀ with W stored [out×in] (bT) and with W stored [in×out].
  { name: "fwd1", m: 1000, k: 784, n: 256, bT: true },
  { name: "fwd1n", m: 1000, k: 784, n: 256 },
  { name: "fwd2", m: 1000, k: 256, n: 128, bT: true },
  { name: "fwd3", m: 1000, k: 128, n: 10, bT: true },
  // Backward: dx = g·W (B untransposed here if W is [out×in]) and dW = gᵀ·x (A transposed).
  { name: "dx2", m: 1000, k: 128, n: 256 },
  { name: "dx3", m: 1000, k: 10, n: 128 },
  { name: "dW1", m: 256, k: 1000, n: 784, aT: true },
  { name: "dW1t", m: 784, k: 1000, n: 256, aT: true },
  { name: "dW2", m: 128, k: 1000, n: 256, aT: true },
  { name: "dW3", m: 10, k: 1000, n: 128, aT: true },
  { name: "sq256", m: 256, k: 256, n: 256 },
  { name: "sq512", m: 512, k: 512, n: 512 },
  { name: "sq1024", m: 1024, k: 1024, n: 1024 },
];

type Gen = (g: MatmulArgs) => KernelSpec;
const tiled =
  (t: MatmulTile): Gen =>
  (g) =>
    matmulTiledKernel(g, t);
const variants: Record<string, Gen> = { base: matmulKernel };
for (const [tm, tn] of [
  [4, 4],
  [4, 8],
  [8, 4],
  [8, 8],
  [2, 8],
  [1, 8],
  [2, 4],
]) {
  for (const wg of [64, 128, 256]) {
    for (const unroll of [1, 4])
      for (const maxTx of [8, 16, 256]) {
        variants[`t${tm}x${tn}w${wg}u${unroll}x${maxTx}`] = tiled({ tm, tn, wg, unroll, maxTx });
      }
  }
}

// Shape-generic (quick-tier) forms: sizes from the dims uniform, no unrolling.
for (const [tm, tn] of [
  [8, 4],
  [8, 8],
  [4, 8],
  [4, 4],
])
  for (const wg of [64, 128])
    variants[`g${tm}x${tn}w${wg}`] = (g) => matmulTiledKernel(g, { tm, tn, wg, unroll: 1, maxTx: 8 }, true);

function argsFor(s: Shape): MatmulArgs {
  return {
    m: s.m,
    k: s.k,
    n: s.n,
    batchShape: [],
    a: { read: 0, base: 0, batch: [], row: s.aT ? 1 : s.k, col: s.aT ? s.m : 1 },
    b: { read: 1, base: 0, batch: [], row: s.bT ? 1 : s.n, col: s.bT ? s.k : 1 },
    write: 2,
    label: s.name,
  };
}

async function main() {
  const { device, adapter, software } = await acquireGpu();
  console.log(`adapter ${adapter} software=${software} runs=${RUNS} reps/run=${REPS}`);
  const STORAGE = 0x0080;
  const COPY_DST = 0x0008;
  const COPY_SRC = 0x0004;
  const MAP_READ = 0x0001;
  for (const s of shapes) {
    if (ONLY.length && !ONLY.includes(s.name)) continue;
    const g = argsFor(s);
    const A = new Float32Array(s.m * s.k).map(() => Math.random() - 0.5);
    const B = new Float32Array(s.k * s.n).map(() => Math.random() - 0.5);
    const mk = (data: Float32Array | number) => {
      const size = typeof data === "number" ? data * 4 : data.byteLength;
      const b = device.createBuffer({ size: Math.max(16, size), usage: STORAGE | COPY_DST | COPY_SRC });
      if (typeof data !== "number") device.queue.writeBuffer(b, 0, data as Float32Array<ArrayBuffer>);
      return b;
    };
    const bufs = [mk(A), mk(B), mk(s.m * s.n)];
    const names = Object.keys(variants).filter(
      (v) => !VARIANTS.length || VARIANTS.includes(v) || v === "base",
    );
    const runs: {
      name: string;
      spec: KernelSpec;
      pipe: GPUComputePipeline;
      bg: GPUBindGroup;
      t: number[];
      err: number;
      compileMs: number;
    }[] = [];
    for (const name of names) {
      const spec = variants[name](g);
      const c0 = performance.now();
      const module = device.createShaderModule({ code: spec.code });
      const pipe = await device.createComputePipelineAsync({
        layout: "auto",
        compute: { module, entryPoint: "main" },
      });
      const entries: GPUBindGroupEntry[] = bufs.map((buffer, binding) => ({ binding, resource: { buffer } }));
      if (spec.dims) {
        const u = device.createBuffer({
          size: Math.max(16, Math.ceil(spec.dims.length / 4) * 16),
          usage: 0x0040 | COPY_DST,
        });
        const image = new Uint32Array(Math.max(4, Math.ceil(spec.dims.length / 4) * 4));
        image.set(spec.dims);
        device.queue.writeBuffer(u, 0, image);
        entries.push({ binding: 3, resource: { buffer: u } });
      }
      const bg = device.createBindGroup({ layout: pipe.getBindGroupLayout(0), entries });
      runs.push({ name, spec, pipe, bg, t: [], err: 0, compileMs: performance.now() - c0 });
    }
    const dispatch = (r: (typeof runs)[number], reps: number) => {
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setPipeline(r.pipe);
      pass.setBindGroup(0, r.bg);
      for (let i = 0; i < reps; i++) pass.dispatchWorkgroups(...r.spec.groups);
      pass.end();
      device.queue.submit([enc.finish()]);
      return device.queue.onSubmittedWorkDone();
    };
    const readOut = async () => {
      const rb = device.createBuffer({ size: s.m * s.n * 4, usage: MAP_READ | COPY_DST });
      const enc = device.createCommandEncoder();
      enc.copyBufferToBuffer(bufs[2], 0, rb, 0, s.m * s.n * 4);
      device.queue.submit([enc.finish()]);
      await rb.mapAsync(1);
      const out = new Float32Array(rb.getMappedRange().slice(0));
      rb.unmap();
      rb.destroy();
      return out;
    };
    // Correctness against the baseline, and warm-up.
    let ref: Float32Array | undefined;
    for (const r of runs) {
      await dispatch(r, 1);
      const o = await readOut();
      if (!ref) ref = o;
      else for (let i = 0; i < o.length; i++) r.err = Math.max(r.err, Math.abs(o[i] - ref[i]));
    }
    const flops = 2 * s.m * s.k * s.n;
    for (let run = 0; run < RUNS; run++) {
      for (const r of runs) {
        const t0 = performance.now();
        await dispatch(r, REPS);
        r.t.push((performance.now() - t0) / REPS);
      }
    }
    const base = median(runs[0].t);
    const rows = runs.map((r) => ({ r, ms: median(r.t) })).sort((x, y) => x.ms - y.ms);
    console.log(`\n${s.name} ${s.m}×${s.k}·${s.k}×${s.n}${s.aT ? " Aᵀ" : ""}${s.bT ? " Bᵀ" : ""}`);
    for (const { r, ms } of rows
      .slice(0, 8)
      .concat(
        rows.find((x) => x.r.name === "base") && !rows.slice(0, 8).some((x) => x.r.name === "base")
          ? [rows.find((x) => x.r.name === "base")!]
          : [],
      )) {
      console.log(
        `  ${r.name.padEnd(14)} ${ms.toFixed(2).padStart(8)} ms  ${(flops / ms / 1e6).toFixed(2).padStart(6)} GFLOP/s  ×${(base / ms).toFixed(2)}  maxdiff ${r.err.toExponential(1)}  compile ${r.compileMs.toFixed(0)} ms`,
      );
    }
    for (const b of bufs) b.destroy();
  }
  device.destroy();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
