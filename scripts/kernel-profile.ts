// Where a training step's GPU time goes, kernel by kernel: for workload 1, 2 or 3 of
// `npm run bench`, in Node on whatever adapter `webgpu` finds (SwiftShader here). Each
// dispatch is encoded `reps` times in one pass and timed submit-to-done; an empty submit's
// time is subtracted. Medians of `runs`. For finding what to cut, not for reporting ratios.
//
//   npx tsx scripts/kernel-profile.ts [1|2|3] [--reps=5] [--runs=3] [--top=20]

import { makeBatch } from "../bench/data";
import { batchLoader, trainDoc } from "../bench/graphs";
import { TRAIN_SPECS } from "../bench/workloads";
import { type GpuProgram, GpuRuntime } from "../src/backends/webgpu/executor";
import { GpuTrainSession } from "../src/train/gpuSession";

const args = process.argv.slice(2);
const flag = (name: string, def: number) =>
  Number(args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def);
const id = Number(args.find((a) => !a.startsWith("--")) ?? 2);
const REPS = flag("reps", 5);
const RUNS = flag("runs", 3);
const TOP = flag("top", 25);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const spec = TRAIN_SPECS.find((s) => s.id === id);
if (!spec) throw new Error(`no workload ${id}`);
const rt = await GpuRuntime.create();
const s = await GpuTrainSession.create(trainDoc(spec), batchLoader(spec, makeBatch(spec, spec.batch * 4)), {
  runtime: rt,
  path: "planned",
});
await s.trainSteps(3);
const prog = (s as unknown as { train: GpuProgram }).train;
const dev = rt.device;

async function timeSubmit(encode: (enc: GPUCommandEncoder) => void): Promise<number> {
  const enc = dev.createCommandEncoder();
  encode(enc);
  const t0 = performance.now();
  dev.queue.submit([enc.finish()]);
  await dev.queue.onSubmittedWorkDone();
  return performance.now() - t0;
}

const empty = median(await Promise.all([0, 1, 2].map(() => timeSubmit(() => {}))));
const whole: number[] = [];
for (let r = 0; r < RUNS; r++) whole.push(await timeSubmit((enc) => prog.encode(enc)));
const rows: { i: number; ms: number; label: string }[] = [];
for (let i = 0; i < prog.dispatchCount; i++) {
  const ts: number[] = [];
  for (let r = 0; r < RUNS; r++) ts.push(await timeSubmit((enc) => prog.encodeKernel(enc, i, REPS)));
  rows.push({ i, ms: Math.max(0, median(ts) - empty) / REPS, label: prog.kernelLabel(i) });
}
const sum = rows.reduce((p, r) => p + r.ms, 0);
console.log(
  `w${id} ${spec.title}: ${prog.dispatchCount} dispatches; whole step ${median(whole).toFixed(1)} ms, ` +
    `sum of kernels ${sum.toFixed(1)} ms, empty submit ${empty.toFixed(2)} ms (adapter ${rt.ctx.adapter})`,
);
for (const r of [...rows].sort((a, b) => b.ms - a.ms).slice(0, TOP))
  console.log(
    `${r.ms.toFixed(2).padStart(9)} ms ${((100 * r.ms) / sum).toFixed(1).padStart(5)} %  #${r.i} ${r.label.slice(0, 110)}`,
  );
s.destroy();
rt.destroy();
