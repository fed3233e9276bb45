import { beforeEach, describe, expect, it } from "vitest";
import type { GpuRuntime } from "../../src/backends/webgpu";
import { DeviceBatcher, ResidentDataset } from "../../src/backends/webgpu/dataset";
import { makeDataset } from "../../src/data";
import { permuteIndex, samplerKey } from "../../src/ir/rng";
import { BatchSampler, gatherRows } from "../../src/train/batches";
import { requireGpu } from "./gpu";

// The stateless sampler: a counter-based permutation per epoch (src/ir/rng.ts), drawn the same
// way by BatchSampler on the CPU and by the sampler kernel on the device, whose rows the gather
// kernel copies out of the dataset uploaded once.

describe("the epoch permutation", { timeout: 300_000 }, () => {
  for (const n of [1, 2, 3, 5, 64, 200, 1000, 4097]) {
    it(`is a bijection of [0, ${n}) and changes with the epoch`, () => {
      const key = samplerKey(7);
      const seen = new Uint8Array(n);
      const e0: number[] = [];
      for (let j = 0; j < n; j++) {
        const p = permuteIndex(key, 0, n, j);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThan(n);
        seen[p]++;
        e0.push(p);
      }
      expect(seen.every((c) => c === 1)).toBe(true);
      if (n >= 5) {
        const e1 = Array.from({ length: n }, (_, j) => permuteIndex(key, 1, n, j));
        expect(e1).not.toEqual(e0);
        // A shuffle, not the identity: most slots move.
        expect(e0.filter((p, j) => p === j).length).toBeLessThan(n / 2);
      }
    });
  }
});

describe("BatchSampler", { timeout: 300_000 }, () => {
  const ds = makeDataset("spiral", { n_samples: 150, seed: 3 });
  it("visits every training sample once per epoch, a batch crossing epochs continuing in the next", () => {
    const n = ds.split.train.length;
    const s = new BatchSampler(ds, 5);
    const batch = 32;
    const steps = Math.ceil((2 * n) / batch) + 1;
    const stream = Array.from({ length: steps }, (_, k) => [...s.indicesAt(k, batch)]).flat();
    for (const epoch of [0, 1]) {
      const part = stream.slice(epoch * n, (epoch + 1) * n).sort((a, b) => a - b);
      expect(part).toEqual([...ds.split.train]);
    }
    // Stateless: the sequential reader and random access agree.
    const seq = new BatchSampler(ds, 5);
    for (let k = 0; k < 4; k++) expect([...seq.nextIndices(batch)]).toEqual([...s.indicesAt(k, batch)]);
    // Seeds give different streams.
    expect([...new BatchSampler(ds, 6).indicesAt(0, batch)]).not.toEqual([...s.indicesAt(0, batch)]);
  });
});

describe("batches sampled and gathered on the GPU", { timeout: 300_000 }, () => {
  let rt: GpuRuntime;
  beforeEach(async () => {
    rt = await requireGpu();
  });

  async function gpuBatch(ds: ReturnType<typeof makeDataset>, seed: number, batch: number, step: number) {
    const dev = rt.device;
    const usage = 0x0080 | 0x0004 | 0x0008;
    const xPer = ds.xShape.reduce((p, d) => p * d, 1);
    const yPer = ds.yShape.reduce((p, d) => p * d, 1);
    const x = dev.createBuffer({ size: Math.max(16, 4 * batch * xPer), usage });
    const y = dev.createBuffer({ size: Math.max(16, 4 * batch * yPer), usage });
    const frame = dev.createBuffer({ size: 16, usage: 0x0040 | 0x0008 });
    dev.queue.writeBuffer(frame, 0, new Uint32Array([seed, step, 0, 0]));
    const data = new ResidentDataset(rt, ds);
    const b = await DeviceBatcher.create(rt, data, {
      key: new BatchSampler(ds, seed).key,
      batch,
      label: "test",
      targets: { x, y, frame },
    });
    const enc = dev.createCommandEncoder();
    const pass = enc.beginComputePass();
    b.encode(pass);
    pass.end();
    const [rows, gx, gy] = await rt.readBuffers(
      [
        { buffer: b.rows, bytes: 4 * batch },
        { buffer: x, bytes: 4 * batch * xPer },
        { buffer: y, bytes: 4 * batch * yPer },
      ],
      enc,
    );
    b.destroy();
    data.destroy();
    for (const buf of [x, y, frame]) buf.destroy();
    return { rows: new Uint32Array(rows.buffer), x: gx, y: gy };
  }

  const cases = [
    { name: "spiral", params: { n_samples: 300, seed: 1 }, batch: 32, steps: [0, 1, 7, 8, 9, 1000] },
    { name: "xor", params: { n_samples: 100, seed: 2 }, batch: 100, steps: [0, 1, 5] },
    // A step counter far beyond one epoch: checks the kernel's 32-bit split of step·batch.
    { name: "circles", params: { n_samples: 500, seed: 4 }, batch: 64, steps: [123_456_789, 4_000_000_000] },
  ];
  for (const c of cases) {
    it(`${c.name}: the kernel's rows and gathered samples are the CPU sampler's`, async () => {
      const ds = makeDataset(c.name, c.params);
      const cpu = new BatchSampler(ds, 11);
      for (const step of c.steps) {
        const got = await gpuBatch(ds, 11, c.batch, step);
        const want = cpu.indicesAt(step, c.batch);
        expect([...got.rows], `step ${step}`).toEqual([...want]);
        const rows = gatherRows(ds, want);
        expect(got.x).toEqual(rows.x);
        expect(got.y).toEqual(rows.y);
      }
    });
  }
});
