import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { type AnyBlock, blocks } from "../../nodes";
import { grad } from "../../src/autodiff/grad";
import { executeCpu } from "../../src/backends/cpu/executor";
import { resolveParams } from "../../src/compile/params";
import { IRBuilder, type Tensor } from "../../src/ir/builder";

// Every optimiser in the registry, on f(p) = ½·Σ aᵢ(pᵢ − cᵢ)²: it must converge, and its
// first steps must be torch.optim's, parameter and state alike. A new optimiser block is
// picked up from the registry and fails here until it has a torch comparison case.

const PYTHON = "/usr/bin/python3";
const A = [1, 3, 0.5, 2];
const C = [1, -2, 0.5, 3];
const P0 = [0.3, 0.8, -1.2, 2.0];

/** Settings compared with torch.optim, named as torch's keyword arguments. Every optimiser needs one. */
const TORCH_CASES: Record<string, Record<string, unknown>[]> = {
  SGD: [
    { lr: 0.1 },
    { lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 0.1 },
    { lr: 0.05, momentum: 0.5 },
  ],
  Adam: [{ lr: 0.1 }, { lr: 0.05, betas: [0.8, 0.99], eps: 1e-6, weight_decay: 0.1 }],
  RMSprop: [{}, { lr: 0.01, alpha: 0.9, eps: 1e-6, weight_decay: 0.1, momentum: 0.9, centered: true }],
  Adagrad: [{ lr: 0.1 }, { lr: 0.1, lr_decay: 0.1, weight_decay: 0.1, initial_accumulator_value: 0.5 }],
};

/** Settings for the convergence run: a learning rate that suits this quadratic (block defaults otherwise). */
const CONVERGE: Record<string, Record<string, unknown>> = {
  SGD: { lr: 0.1, momentum: 0.5 },
  Adam: { lr: 0.05 },
  RMSprop: { lr: 0.01, momentum: 0.5, centered: true },
  Adagrad: { lr: 0.5, lr_decay: 0.001 },
};

/**
 * Our slot minus torch's state of the same name. Slots start at zero, so Adagrad keeps
 * Σg² and adds initial_accumulator_value where it reads the sum (see nodes/Adagrad.ts).
 */
const STATE_OFFSET: Record<string, (p: Record<string, unknown>) => Record<string, number>> = {
  Adagrad: (p) => ({ sum: -(p.initial_accumulator_value as number) }),
};

interface Trajectory {
  /** p after each step. */
  p: number[][];
  /** Slots (torch: state) after each step, by name. */
  state: Record<string, number[]>[];
}

/**
 * The IR the program builder emits for one parameter: a step of `def` on the quadratic,
 * with hyperparameters and the 1-based step count fed at run time.
 */
function compileStep(def: AnyBlock, params: Record<string, unknown>) {
  const opt = def.optimizer!;
  const b = new IRBuilder();
  const n = A.length;
  const p = b.variable("p", [n]);
  const f = p
    .sub(b.constant(C, [n]))
    .square()
    .mul(b.constant(A, [n]))
    .sum()
    .mul(0.5);
  const [g] = grad(b, f, [p]);
  const names = opt.slots(params);
  const slots: Record<string, Tensor> = {};
  for (const s of names) slots[s] = b.variable(`slot.${s}`, [n]);
  const hyperValues = opt.hyper(params);
  const hyper: Record<string, Tensor> = {};
  for (const h of Object.keys(hyperValues)) hyper[h] = b.input(`hyper.${h}`, []);
  const step = b.input("step", []);
  const out = opt.update({ b, params, param: p, grad: g, slots, hyper, step });
  expect(Object.keys(out.slots).sort(), "update returns every slot").toEqual([...names].sort());
  return { b, names, hyperValues, ids: [out.param.id, ...names.map((s) => out.slots[s].id)] };
}

/** Run `steps` updates, writing p and the slots back after each, as TrainSession does. */
function runOurs(
  type: string,
  raw: Record<string, unknown>,
  steps: number,
  dtype: "f32" | "f64",
): Trajectory {
  const def = blocks[type];
  const { params, problems } = resolveParams(def, raw);
  expect(problems).toEqual([]);
  const { b, names, hyperValues, ids } = compileStep(def, params);
  const Arr = dtype === "f32" ? Float32Array : Float64Array;
  const vars: Record<string, ArrayLike<number>> = { p: Arr.from(P0) };
  for (const s of names) vars[`slot.${s}`] = new Arr(A.length);
  const traj: Trajectory = { p: [], state: [] };
  for (let t = 1; t <= steps; t++) {
    const feeds: Record<string, ArrayLike<number>> = { step: [t] };
    for (const [h, v] of Object.entries(hyperValues)) feeds[`hyper.${h}`] = [v];
    const vals = executeCpu(b.nodes, ids, { dtype, feeds, variables: vars, seed: 0, step: t - 1 });
    vars.p = vals[0];
    names.forEach((s, i) => {
      vars[`slot.${s}`] = vals[i + 1];
    });
    traj.p.push(Array.from(vals[0]));
    traj.state.push(Object.fromEntries(names.map((s, i) => [s, Array.from(vals[i + 1])])));
  }
  return traj;
}

// torch runs in Float64, so the reference carries no rounding worth counting.
const TORCH_SCRIPT = `
import json, sys
try:
    import torch
except ImportError as e:
    print("cannot import torch: %s" % e, file=sys.stderr)
    sys.exit(3)
req = json.load(sys.stdin)
a = torch.tensor(req["a"], dtype=torch.float64)
c = torch.tensor(req["c"], dtype=torch.float64)
out = []
for case in req["cases"]:
    p = torch.tensor(req["p0"], dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, case["type"])([p], **case["kwargs"])
    traj = {"p": [], "state": []}
    for _ in range(req["steps"]):
        opt.zero_grad()
        (0.5 * (a * (p - c) ** 2).sum()).backward()
        opt.step()
        traj["p"].append(p.tolist())
        # SGD keeps momentum_buffer = None without momentum; "step" is a counter, not a slot.
        traj["state"].append({k: v.tolist() for k, v in opt.state[p].items() if k != "step" and torch.is_tensor(v)})
    out.append(traj)
print(json.dumps(out))
`;

const COMPARE_STEPS = 5;

/** torch.optim's trajectories for every case, from one Python process (importing torch takes seconds). */
function torchTrajectories(cases: { type: string; kwargs: Record<string, unknown> }[]): Trajectory[] {
  const input = JSON.stringify({ a: A, c: C, p0: P0, steps: COMPARE_STEPS, cases });
  const r = spawnSync(PYTHON, ["-c", TORCH_SCRIPT], { input, encoding: "utf8", timeout: 120_000 });
  if (r.error || r.status !== 0) {
    throw new Error(
      `${PYTHON} could not run torch.optim (install python3-torch: apt-get install python3-torch): ` +
        `${r.error?.message ?? ""}${r.stderr}`,
    );
  }
  return JSON.parse(r.stdout);
}

/** Largest |ours − ref| relative to the largest |ref| of that vector. */
function relErr(ours: number[], ref: number[]): number {
  const scale = Math.max(...ref.map(Math.abs), 1e-300);
  return Math.max(...ours.map((v, i) => Math.abs(v - ref[i]))) / scale;
}

const optimizers = Object.keys(blocks)
  .filter((t) => blocks[t].category === "optimizers")
  .sort();

/** torch keyword arguments: our params have torch's names; `params` (which blocks) is ours alone. */
function torchKwargs(type: string, raw: Record<string, unknown>): Record<string, unknown> {
  const { params } = resolveParams(blocks[type], raw);
  const { params: _which, ...kwargs } = params;
  return kwargs;
}

describe("optimizer registry", () => {
  it("has the optimisers", () => {
    expect(optimizers).toEqual(expect.arrayContaining(["Adagrad", "Adam", "RMSprop", "SGD"]));
  });
});

describe.each(optimizers)("optimizer %s", (type) => {
  it("converges on a quadratic in Float32", () => {
    const raw = CONVERGE[type] ?? {};
    const { params } = resolveParams(blocks[type], raw);
    // weight_decay adds λp to the gradient: the minimum of f + ½λ|p|² is a·c/(a + λ).
    const lambda = (params.weight_decay as number | undefined) ?? 0;
    const target = C.map((c, i) => (A[i] * c) / (A[i] + lambda));
    const traj = runOurs(type, raw, 400, "f32");
    const start = Math.max(...P0.map((p, i) => Math.abs(p - target[i])));
    // Each of them gets within ~1e-6 (Float32 rounding of p); 1e-4 only refuses a stall.
    const end = Math.max(...traj.p[traj.p.length - 1].map((p, i) => Math.abs(p - target[i])));
    expect(end, `${type}: max |p − p*| after 400 steps (started at ${start})`).toBeLessThan(1e-4);
  });
});

describe("optimizers against torch.optim", () => {
  const cases = optimizers.flatMap((type) =>
    (TORCH_CASES[type] ?? []).map((raw) => ({ type, raw, kwargs: torchKwargs(type, raw) })),
  );
  // Run once; a missing torch fails every comparison below (never a skip).
  let torch: Trajectory[] | Error = new Error("torch.optim was not run");
  beforeAll(() => {
    try {
      torch = torchTrajectories(cases.map(({ type, kwargs }) => ({ type, kwargs })));
    } catch (e) {
      torch = e as Error;
    }
  }, 120_000);
  const torchCase = (i: number): Trajectory => {
    if (torch instanceof Error) throw torch;
    return torch[i];
  };

  it.each(optimizers)("%s has a torch comparison case", (type) => {
    expect(TORCH_CASES[type]?.length ?? 0, `add ${type} settings to TORCH_CASES`).toBeGreaterThan(0);
  });

  it.each(optimizers)("%s names its slots as torch.optim's state", (type) => {
    const ours = new Set<string>();
    const theirs = new Set<string>();
    cases.forEach((c, i) => {
      if (c.type !== type) return;
      const { params } = resolveParams(blocks[type], c.raw);
      for (const s of blocks[type].optimizer!.slots(params)) ours.add(s);
      for (const s of Object.keys(torchCase(i).state[0])) theirs.add(s);
    });
    expect([...ours].sort()).toEqual([...theirs].sort());
  });

  // Float32 (what training runs) against torch in Float64: each step is a few dozen ops of
  // 2⁻²⁴ ≈ 6e-8 rounding, over 5 steps ~1e-6 of p's scale; 1e-5 is ~10× that, while a wrong
  // rule (a missing bias correction, lr_decay off by one step) is off by ≥1e-3. Slots are
  // left to the Float64 run: in Float32 they carry the rounding of the fed hyperparameters
  // (0.999 is 0.99900001 as a float, so 1 − β₂ is off by 1.3e-5), which the bias correction
  // divides out of p but not out of exp_avg_sq.
  // Float64: the same maths in the same order, so only rounding differs (1e-10 allows
  // the 1/(√v + ε) factors to amplify it).
  it.each(cases.map((c, i) => [`${c.type} ${JSON.stringify(c.raw)}`, i] as const))(
    "%s: 5 steps match",
    (_label, i) => {
      const { type, raw, kwargs } = cases[i];
      const ref = torchCase(i);
      const offset = STATE_OFFSET[type]?.(kwargs) ?? {};
      const lo = runOurs(type, raw, COMPARE_STEPS, "f32");
      const hi = runOurs(type, raw, COMPARE_STEPS, "f64");
      for (let t = 0; t < COMPARE_STEPS; t++) {
        expect(relErr(lo.p[t], ref.p[t]), `Float32 p after step ${t + 1}`).toBeLessThan(1e-5);
        expect(relErr(hi.p[t], ref.p[t]), `Float64 p after step ${t + 1}`).toBeLessThan(1e-10);
        for (const [name, want] of Object.entries(ref.state[t])) {
          const got = hi.state[t][name];
          expect(got, `slot ${name} (torch has it in its state)`).toBeDefined();
          const shifted = got.map((v) => v - (offset[name] ?? 0));
          expect(relErr(shifted, want), `Float64 ${name} after step ${t + 1}`).toBeLessThan(1e-10);
        }
      }
    },
  );
});
