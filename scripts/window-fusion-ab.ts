// Workload 3 (the CNN) on WebGPU with and without windowFuse.ts's patterns, side by side in
// one process, runs alternating so a busy machine slows both alike: examples/s (medians),
// and the losses of both after the same steps (equal up to rounding).
//
//   npx tsx scripts/window-fusion-ab.ts [--runs=5] [--steps=3]

import { makeBatch } from "../bench/data";
import { batchLoader, trainDoc } from "../bench/graphs";
import { TRAIN_SPECS } from "../bench/workloads";
import { GpuRuntime } from "../src/backends/webgpu/executor";
import { GpuTrainSession } from "../src/train/gpuSession";

const args = process.argv.slice(2);
const flag = (name: string, def: number) =>
  Number(args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def);
const RUNS = flag("runs", 5);
const STEPS = flag("steps", 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const spec = TRAIN_SPECS.find((s) => s.id === 3)!;
const rt = await GpuRuntime.create();
const data = makeBatch(spec, spec.batch * 4);
/** The session is planned while the switch is set; windowFuse.ts reads it at plan time. */
async function session(fused: boolean) {
  process.env.WIREGRAD_WINDOW_FUSION = fused ? "1" : "0";
  const s = await GpuTrainSession.create(trainDoc(spec), batchLoader(spec, data), {
    runtime: rt,
    path: "planned",
  });
  const first = await s.trainStep();
  return { s, fused, losses: [first.loss], rates: [] as number[], dispatches: 0 };
}
const sessions = [await session(false), await session(true)];
for (let r = 0; r < RUNS; r++) {
  for (const x of r % 2 ? [...sessions].reverse() : sessions) {
    const t = performance.now();
    const pending = Array.from({ length: STEPS }, () => x.s.trainStep());
    await x.s.flush();
    const logs = await Promise.all(pending);
    x.rates.push((STEPS * spec.batch * 1000) / (performance.now() - t));
    x.losses.push(logs[logs.length - 1].loss);
    x.dispatches = x.s.stats.dispatches;
  }
}
for (const x of sessions) {
  console.log(
    `window fusion ${x.fused ? "on " : "off"}: ${median(x.rates).toFixed(1)} examples/s ` +
      `(${Math.min(...x.rates).toFixed(1)}–${Math.max(...x.rates).toFixed(1)}), ${x.dispatches} dispatches/step, ` +
      `losses ${x.losses.map((l) => l.toFixed(5)).join(" ")}`,
  );
  x.s.destroy();
}
console.log(`speed-up ${(median(sessions[1].rates) / median(sessions[0].rates)).toFixed(2)}×`);
rt.destroy();
