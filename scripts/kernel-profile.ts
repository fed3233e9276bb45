// Where a training step's GPU time goes, kernel by kernel: for workload 1, 2 or 3 of
// `npm run bench`, in Node on whatever adapter `webgpu` finds (SwiftShader here). Each
// dispatch is encoded `reps` times in one pass and timed submit-to-done; an empty submit's
// time is subtracted. Medians of `runs`. For finding what to cut, not for reporting ratios.
// `--tiers`: each dispatch on its quick tier (what the first step runs on a software
// adapter) and on its full tier (after tier-up), side by side.
//
//   npx tsx scripts/kernel-profile.ts [1|2|3] [--tiers] [--reps=5] [--runs=3] [--top=20]

import { makeBatch } from "../bench/data";
import { batchLoader, trainDoc } from "../bench/graphs";
import { TRAIN_SPECS } from "../bench/workloads";
import { GpuRuntime, type PlannedProgram } from "../src/backends/webgpu/executor";
import { GpuTrainSession } from "../src/train/gpuSession";

const args = process.argv.slice(2);
const flag = (name: string, def: number) =>
  Number(args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def);
const id = Number(args.find((a) => !a.startsWith("--")) ?? 2);
const TIERS = args.includes("--tiers");
const REPS = flag("reps", TIERS ? 3 : 5);
const RUNS = flag("runs", 3);
const TOP = flag("top", TIERS ? 15 : 25);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sum = (xs: number[]) => xs.reduce((p, x) => p + x, 0);

const spec = TRAIN_SPECS.find((s) => s.id === id);
if (!spec) throw new Error(`no workload ${id}`);
const rt = await GpuRuntime.create();
const s = await GpuTrainSession.create(trainDoc(spec), batchLoader(spec, makeBatch(spec, spec.batch * 4)), {
  runtime: rt,
  path: "planned",
});
const prog = (s as unknown as { train: PlannedProgram }).train;
const dev = rt.device;

async function timeSubmit(encode: (enc: GPUCommandEncoder) => void): Promise<number> {
  const enc = dev.createCommandEncoder();
  encode(enc);
  const t0 = performance.now();
  dev.queue.submit([enc.finish()]);
  await dev.queue.onSubmittedWorkDone();
  return performance.now() - t0;
}

/** The whole step (median of RUNS) and each dispatch's time (ms). */
async function profile(): Promise<{ whole: number; each: number[] }> {
  const empty = median(await Promise.all([0, 1, 2].map(() => timeSubmit(() => {}))));
  const whole: number[] = [];
  // Every dispatch once, without encode(): that would start tier-up, whose compiles would
  // then share the CPU with a quick tier's timing.
  for (let r = 0; r < RUNS; r++)
    whole.push(
      await timeSubmit((enc) => {
        for (let i = 0; i < prog.dispatchCount; i++) prog.encodeKernel(enc, i);
      }),
    );
  const each: number[] = [];
  for (let i = 0; i < prog.dispatchCount; i++) {
    const ts: number[] = [];
    for (let r = 0; r < RUNS; r++) ts.push(await timeSubmit((enc) => prog.encodeKernel(enc, i, REPS)));
    each.push(Math.max(0, median(ts) - empty) / REPS);
  }
  return { whole: median(whole), each };
}

if (TIERS) {
  await prog.compiled;
  const quickCount = prog.quickDispatches;
  const quick = await profile();
  await prog.tieredUp;
  const full = await profile();
  console.log(
    `w${id}: ${prog.dispatchCount} dispatches, ${quickCount} start on a quick tier; whole step quick ${quick.whole.toFixed(0)} ms ` +
      `(kernels ${sum(quick.each).toFixed(0)}), full ${full.whole.toFixed(0)} ms (kernels ${sum(full.each).toFixed(0)})`,
  );
  const rows = quick.each.map((q, i) => ({ i, q, f: full.each[i] })).sort((a, b) => b.q + b.f - (a.q + a.f));
  for (const r of rows.slice(0, TOP))
    console.log(
      `${r.q.toFixed(1).padStart(8)} → ${r.f.toFixed(1).padStart(7)} ms  #${r.i} ${prog.kernelLabel(r.i).slice(0, 90)}`,
    );
} else {
  await s.trainSteps(3);
  await prog.tieredUp;
  const { whole, each } = await profile();
  const total = sum(each);
  console.log(
    `w${id} ${spec.title}: ${prog.dispatchCount} dispatches; whole step ${whole.toFixed(1)} ms, ` +
      `sum of kernels ${total.toFixed(1)} ms (adapter ${rt.ctx.adapter})`,
  );
  const rows = each.map((ms, i) => ({ i, ms })).sort((a, b) => b.ms - a.ms);
  for (const r of rows.slice(0, TOP))
    console.log(
      `${r.ms.toFixed(2).padStart(9)} ms ${((100 * r.ms) / total).toFixed(1).padStart(5)} %  #${r.i} ${prog.kernelLabel(r.i).slice(0, 110)}`,
    );
}
s.destroy();
rt.destroy();
