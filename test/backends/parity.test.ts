import { beforeEach, describe, expect, it } from "vitest";
import { grad } from "../../src/autodiff/grad";
import { executeCpu } from "../../src/backends/cpu/executor";
import type { GpuRuntime } from "../../src/backends/webgpu";
import { IRBuilder } from "../../src/ir/builder";
import { ALL_PRIMS } from "../../src/ir/prims";
import { SeededRandom, streamBase, uniformAt } from "../../src/ir/rng";
import { drawValues } from "../helpers/blockHarness";
import { diff, requireGpu, ulp } from "./gpu";
import { buildCaseProgram, cases, dot } from "./primCases";

// One suite, every backend: each primitive's forward value and the gradients autodiff
// emits for it, on the CPU executor (Float32) and on WebGPU with and without fusion, on
// the same inputs. Tolerances live with the cases (primCases.ts) and say why.

const MEASURE = !!process.env.WIREGRAD_MEASURE;
let rt: GpuRuntime;
// Per test, not per file: with no adapter every test must fail (a failing beforeAll reports them skipped).
beforeEach(async () => {
  rt = await requireGpu();
});

describe("every primitive: WebGPU agrees with the CPU (Float32)", () => {
  for (const prim of ALL_PRIMS) {
    cases[prim].forEach((c, i) => {
      for (const fanOut of [false, true]) {
        it(`${prim} case ${i}${c.note ? ` (${c.note})` : ""}${fanOut ? " fan-out" : ""}`, async () => {
          const s = buildCaseProgram(c, fanOut);
          const outs = [s.y, ...s.grads];
          const frame = { seed: 5, step: 3 };
          const cpu = executeCpu(s.nodes, outs, {
            dtype: "f32",
            feeds: s.feeds,
            variables: s.variables,
            ...frame,
          });
          rt.setVariable("v", s.variables.v);
          for (const fuse of [true, false]) {
            const p = await rt.compile({ nodes: s.nodes, outputs: outs, fuse });
            const gpu = await p.run(s.feeds, frame, outs);
            p.destroy();
            const fwd = diff(gpu[0], cpu[0]);
            const grads = s.grads.map((_, k) => diff(gpu[k + 1], cpu[k + 1]));
            if (MEASURE) {
              const g = Math.max(0, ...grads.map((d) => d.normUlps));
              console.log(
                `MEASURE ${prim}#${i}${fanOut ? "f" : ""} fuse=${fuse} fwd ${fwd.ulps.toFixed(2)} norm ${fwd.normUlps.toFixed(2)} grad ${g.toFixed(2)} tol ${c.tol.fwd}/${c.tol.grad}`,
              );
              continue;
            }
            const fwdErr = c.tol.fwdNorm ? fwd.normUlps : fwd.ulps;
            expect(
              fwdErr,
              `forward (fuse ${fuse}): ${JSON.stringify(fwd.worst)}; ${c.tol.why}`,
            ).toBeLessThanOrEqual(c.tol.fwd);
            grads.forEach((d, k) => {
              expect(
                d.normUlps,
                `gradient ${k} (fuse ${fuse}): ${JSON.stringify(d.worst)}; ${c.tol.why}`,
              ).toBeLessThanOrEqual(c.tol.grad);
            });
          }
        });
      }
    });
  }
});

// The WGSL maths library against the true function (Float64), on dense grids that cover
// the ranges training meets. These bounds are what TRANSCENDENTAL above relies on.
// Each function is a short polynomial (≤ 1 ulp) composed with at most one exp and one
// division (SwiftShader's: ≤ 0.67 ulp), hence 2.5 ulp.
describe("WGSL maths library: within 2.5 ulp of the true value", () => {
  const grid = (lo: number, hi: number, n: number) =>
    Float32Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
  const logGrid = (lo: number, hi: number, n: number) =>
    Float32Array.from({ length: n }, (_, i) =>
      Math.exp(Math.log(lo) + ((Math.log(hi) - Math.log(lo)) * i) / (n - 1)),
    );
  const erf64 = (x: number) =>
    executeCpu(unaryProgram("erf", 1).nodes, [1], {
      dtype: "f64",
      feeds: { x: [x] },
      variables: {},
      seed: 0,
      step: 0,
    })[0][0];
  const fns: {
    name: "exp" | "log" | "sin" | "cos" | "tanh" | "sigmoid" | "erf";
    xs: Float32Array;
    f: (x: number) => number;
    abs?: (x: number) => number;
    why?: string;
  }[] = [
    { name: "exp", xs: grid(-87, 88, 20001), f: Math.exp },
    { name: "log", xs: logGrid(1e-37, 1e37, 20001), f: Math.log },
    { name: "log", xs: grid(0.5, 2, 20001), f: Math.log },
    { name: "sin", xs: grid(-Math.PI, Math.PI, 20001), f: Math.sin },
    { name: "cos", xs: grid(-Math.PI, Math.PI, 20001), f: Math.cos },
    // Beyond ±π the reduction subtracts q·π/2 with π/2 held to 44 bits: an absolute error of
    // |x|·2^-44 on top, which only shows near the zeros of sin and cos.
    { name: "sin", xs: grid(-200, 200, 20001), f: Math.sin, abs: (x) => Math.abs(x) * 2 ** -44 },
    { name: "cos", xs: grid(-200, 200, 20001), f: Math.cos, abs: (x) => Math.abs(x) * 2 ** -44 },
    { name: "tanh", xs: grid(-20, 20, 20001), f: Math.tanh },
    { name: "sigmoid", xs: grid(-80, 80, 20001), f: (x) => 1 / (1 + Math.exp(-x)) },
    { name: "erf", xs: grid(-5, 5, 4001), f: erf64 },
  ];
  for (const fn of fns) {
    it(`${fn.name} on [${fn.xs[0].toPrecision(3)}, ${fn.xs[fn.xs.length - 1].toPrecision(3)}]`, async () => {
      const p = unaryProgram(fn.name, fn.xs.length);
      const prog = await rt.compile({ nodes: p.nodes, outputs: [1] });
      const [got] = await prog.run({ x: fn.xs }, { seed: 0, step: 0 }, [1]);
      prog.destroy();
      let worst = { ulps: 0, x: 0, got: 0, want: 0 };
      fn.xs.forEach((x, i) => {
        const want = fn.f(x);
        const err = Math.max(0, Math.abs(got[i] - want) - (fn.abs?.(x) ?? 0));
        const u = err / ulp(want);
        if (u > worst.ulps) worst = { ulps: u, x, got: got[i], want };
      });
      if (MEASURE) console.log(`MEASURE maths ${fn.name} max ${worst.ulps.toFixed(3)} ulp at ${worst.x}`);
      expect(worst.ulps, JSON.stringify(worst)).toBeLessThanOrEqual(2.5);
    });
  }
});

function unaryProgram(prim: "exp" | "log" | "sin" | "cos" | "tanh" | "sigmoid" | "erf", n: number) {
  const b = new IRBuilder();
  const x = b.input("x", [n]);
  b.emit(prim, [x], {});
  return b;
}

describe("random numbers: the GPU draws the CPU's streams", () => {
  it("uniform bits are identical for any seed, step, key and index", async () => {
    const b = new IRBuilder();
    const u = b.random([70_000], "uniform");
    const v = b.random([3, 5], "uniform");
    const prog = await rt.compile({ nodes: b.nodes, outputs: [u.id, v.id] });
    for (const frame of [
      { seed: 0, step: 0 },
      { seed: 12345, step: 999 },
      { seed: 0xffffffff, step: 0x7fffffff },
    ]) {
      const gpu = await prog.run({}, frame, [u.id, v.id]);
      const cpu = executeCpu(b.nodes, [u.id, v.id], { dtype: "f32", feeds: {}, variables: {}, ...frame });
      expect(diff(gpu[0], cpu[0]).ulps).toBe(0);
      expect(diff(gpu[1], cpu[1]).ulps).toBe(0);
    }
    prog.destroy();
  });
  it("normal draws: Box–Muller within 4 ulp plus the f32 rounding of its angle", async () => {
    const b = new IRBuilder();
    const r = b.random([50_000], "normal");
    const prog = await rt.compile({ nodes: b.nodes, outputs: [r.id] });
    const frame = { seed: 77, step: 5 };
    const [gpu] = await prog.run({}, frame, [r.id]);
    prog.destroy();
    const [cpu] = executeCpu(b.nodes, [r.id], { dtype: "f64", feeds: {}, variables: {}, ...frame });
    // z = R·cos θ, R = √(−2 log u1), θ = 2π·u2, u1 and u2 bit-identical on both sides.
    // R: log (≤ 1 ulp), sqrt (0.5) → 1.5 ulp; cos (≤ 1.5 ulp) and the product (0.5): 4 ulp
    // in all. θ is rounded to f32 (2π as 6.2831855f, and the product): |Δθ| ≤ 4.2e-7, which
    // cos turns into an absolute error of at most R·4.2e-7.
    const base = streamBase(frame.seed, frame.step, (b.node(r).attrs as { key: number }).key);
    let worst = 0;
    cpu.forEach((want, i) => {
      const radius = Math.sqrt(-2 * Math.log(1 - uniformAt(base, 2 * i)));
      const err = Math.abs(gpu[i] - want) - radius * 4.2e-7;
      worst = Math.max(worst, err / ulp(want));
    });
    expect(worst).toBeLessThanOrEqual(4);
  });
});

// The shapes fusion meets in real graphs: chains with broadcasts, views read in place,
// reductions between elementwise stretches, values used by several consumers.
describe("composites: fused kernels agree with the CPU and use fewer dispatches", () => {
  const composites: {
    name: string;
    shapes: number[][];
    f: (b: IRBuilder, xs: ReturnType<IRBuilder["input"]>[]) => ReturnType<IRBuilder["input"]>;
  }[] = [
    { name: "softmax", shapes: [[6, 10]], f: (_b, [x]) => x.softmax(1) },
    { name: "log-softmax", shapes: [[6, 10]], f: (_b, [x]) => x.logSoftmax(1) },
    {
      name: "GELU (erf form)",
      shapes: [[8, 16]],
      f: (_b, [x]) => x.mul(0.5).mul(x.mul(Math.SQRT1_2).erf().add(1)),
    },
    {
      name: "layer norm",
      shapes: [[5, 12], [12], [12]],
      f: (_b, [x, g, s]) => {
        const mu = x.mean(1, true);
        const d = x.sub(mu);
        return d.div(d.square().mean(1, true).add(1e-5).sqrt()).mul(g).add(s);
      },
    },
    {
      name: "MLP layer, tanh, MSE",
      shapes: [[16, 3], [8, 3], [8], [16, 8]],
      f: (_b, [x, w, bias, t]) => x.matmul(w.T).add(bias).tanh().sub(t).square().mean(),
    },
    {
      name: "many leaves in one chain",
      shapes: Array.from({ length: 12 }, () => [4, 5]),
      f: (_b, xs) => xs.slice(1).reduce((acc, x, k) => (k % 2 ? acc.mul(x) : acc.add(x.sin())), xs[0]),
    },
  ];
  // Each output is an exp/erf/tanh (3 ulp), a ≤16-term sum (2√16 = 8 ulp norm-wise) and a
  // division or sqrt (1 ulp) away from its inputs, and gradients pass back through the same
  // steps once more: 2·(3 + 8 + 1) = 24 ulp of each tensor's scale.
  const TOL = 24;
  for (const c of composites) {
    it(c.name, async () => {
      const b = new IRBuilder();
      const rng = new SeededRandom(11, 4);
      const feeds: Record<string, Float32Array> = {};
      const xs = c.shapes.map((shape, i) => {
        feeds[`x${i}`] = Float32Array.from(drawValues(undefined, shape, rng));
        return b.input(`x${i}`, shape);
      });
      const y = c.f(b, xs);
      const r = b.constant(Float32Array.from(drawValues(undefined, [...y.shape], rng)), [...y.shape]);
      const gs = grad(b, y.mul(r).sum(), xs);
      const outs = [y.id, ...gs.map((g) => g.id)];
      const cpu = executeCpu(b.nodes, outs, { dtype: "f32", feeds, variables: {}, seed: 1, step: 1 });
      const counts: number[] = [];
      for (const fuse of [true, false]) {
        const p = await rt.compile({ nodes: b.nodes, outputs: outs, fuse });
        const gpu = await p.run(feeds, { seed: 1, step: 1 }, outs);
        counts.push(p.dispatchCount);
        p.destroy();
        outs.forEach((_, k) => {
          const d = diff(gpu[k], cpu[k]);
          if (MEASURE)
            console.log(`MEASURE composite ${c.name} fuse=${fuse} out ${k} norm ${d.normUlps.toFixed(2)}`);
          expect(d.normUlps, `output ${k}, fuse ${fuse}: ${JSON.stringify(d.worst)}`).toBeLessThanOrEqual(
            TOL,
          );
        });
      }
      if (MEASURE)
        console.log(`MEASURE composite ${c.name} dispatches fused ${counts[0]} unfused ${counts[1]}`);
      expect(counts[0]).toBeLessThan(counts[1]);
    });
  }
});

// Variable updates: written in place when the new value's kernel is the last reader of the
// old one, copied otherwise, and never reading a value another update already replaced.
describe("variable updates on the GPU", () => {
  it("a swap, an in-place scale and an update read by a later matmul all match the CPU", async () => {
    const b = new IRBuilder();
    const a = b.variable("a", [2, 3]);
    const c = b.variable("c", [2, 3]);
    const s = b.variable("s", [2, 3]);
    const m = b.variable("m", [3, 3]);
    const scaled = s.mul(2).add(a);
    const grown = m.add(0.5);
    const out = grown.matmul(m.T).sum(); // reads m after its new value exists: no in-place write
    const updates = new Map([
      ["a", c.id],
      ["c", a.id],
      ["s", scaled.id],
      ["m", grown.id],
    ]);
    const init: Record<string, Float32Array> = {
      a: Float32Array.from([1, 2, 3, 4, 5, 6]),
      c: Float32Array.from([-1, -2, -3, -4, -5, -6]),
      s: Float32Array.from([0.5, 0.25, 2, 1, 3, 8]),
      m: Float32Array.from({ length: 9 }, (_, i) => i / 3),
    };
    // The CPU reference: run the step twice, writing the updates back between runs.
    const cpuVars = { ...init };
    const cpuOut: number[] = [];
    for (let k = 0; k < 2; k++) {
      const ids = [out.id, ...updates.values()];
      const vals = executeCpu(b.nodes, ids, {
        dtype: "f32",
        feeds: {},
        variables: cpuVars,
        seed: 0,
        step: k,
      });
      cpuOut.push(vals[0][0]);
      [...updates.keys()].forEach((name, i) => {
        cpuVars[name] = Float32Array.from(vals[1 + i]);
      });
    }
    for (const [name, v] of Object.entries(init)) rt.setVariable(name, v);
    const p = await rt.compile({ nodes: b.nodes, outputs: [out.id], updates });
    const gpuOut: number[] = [];
    for (let k = 0; k < 2; k++) gpuOut.push((await p.run({}, { seed: 0, step: k }, [out.id]))[0][0]);
    const shapes = new Map(Object.entries(init).map(([n, v]) => [n, [v.length]]));
    const gpuVars = await rt.variables.read(shapes);
    p.destroy();
    // The output is 9 three-term dot products summed: a 27-term sum (see dot() in primCases).
    expect(diff(gpuOut, cpuOut).normUlps, `cpu ${cpuOut}, gpu ${gpuOut}`).toBeLessThanOrEqual(dot(27).fwd);
    // The updates are adds, multiplies and copies: bit for bit.
    for (const name of Object.keys(init))
      expect(Array.from(gpuVars.get(name)!), name).toEqual(Array.from(cpuVars[name]));
  });
});
