// Where the first training step's time goes on the WebGPU backend (workloads 2 and 3 of
// `npm run bench`, in Node on whatever adapter `webgpu` finds): host compile, each pipeline
// compile, uploads, and the step itself. For finding what to cut, not for reporting ratios.
//
//   npx tsx scripts/first-step.ts [2|3] [--serial [--quick]]   (SHOW=text prints the WGSL of
//   the serially compiled kernels whose label contains text)

import { makeBatch } from "../bench/data";
import { batchLoader, trainDoc } from "../bench/graphs";
import { TRAIN_SPECS } from "../bench/workloads";
import { GpuRuntime } from "../src/backends/webgpu/executor";
import { GpuTrainSession } from "../src/train/gpuSession";

const id = Number(process.argv[2] ?? 2);
const spec = TRAIN_SPECS.find((s) => s.id === id)!;
const rt = await GpuRuntime.create();
const dev = rt.device;
const compiles: { label: string; ms: number; lines: number }[] = [];
const orig = dev.createComputePipelineAsync.bind(dev);
dev.createComputePipelineAsync = (d: GPUComputePipelineDescriptor) => {
  const t0 = performance.now();
  const p = orig(d);
  const label = d.label ?? "?";
  p.then(() => compiles.push({ label, ms: performance.now() - t0, lines: 0 }));
  return p;
};
const data = makeBatch(spec, spec.batch * 4);
const t0 = performance.now();
const s = await GpuTrainSession.create(trainDoc(spec), batchLoader(spec, data), { runtime: rt });
const t1 = performance.now();
await s.trainStep();
const t2 = performance.now();
await s.trainStep();
const t3 = performance.now();
console.log(
  `w${id}: create ${(t1 - t0).toFixed(0)} ms, first step ${(t2 - t1).toFixed(0)} ms, second ${(t3 - t2).toFixed(0)} ms`,
);
console.log(`${compiles.length} pipelines, dispatches ${s.stats.dispatches}`);
for (const c of compiles.sort((a, b) => b.ms - a.ms))
  console.log(`  ${c.ms.toFixed(0).padStart(6)} ms  ${c.label}`);
s.destroy();
rt.destroy();

// Each kernel compiled alone on a fresh device, one after another: its own compile cost.
if (process.argv.includes("--serial")) {
  const rt2 = await GpuRuntime.create();
  const s2 = await GpuTrainSession.create(trainDoc(spec), batchLoader(spec, data), { runtime: rt2 });
  const kernels = (
    (s2 as unknown as { train: unknown }).train as {
      plan: { kernels: import("../src/backends/webgpu/kernel").KernelSpec[] };
    }
  ).plan.kernels;
  const d3 = (await GpuRuntime.create()).device;
  const { PipelineCache } = await import("../src/backends/webgpu/pipelines");
  const cache = new PipelineCache(d3);
  let total = 0;
  const rows: string[] = [];
  const tier = process.argv.includes("--quick") ? "quick" : "full";
  for (const full of kernels) {
    const k = tier === "quick" ? (full.quick ?? full) : full;
    const t = performance.now();
    await cache.pipeline(k);
    const ms = performance.now() - t;
    total += ms;
    rows.push(`${ms.toFixed(1).padStart(7)} ms ${String(k.code.length).padStart(6)} chars  ${k.label}`);
    if (process.env.SHOW && k.label.includes(process.env.SHOW)) console.log(k.code);
  }
  console.log(
    `serial (${tier} tier): ${kernels.length} kernels, ${cache.stats.compiled} distinct, ${total.toFixed(0)} ms`,
  );
  console.log(rows.join("\n"));
}
