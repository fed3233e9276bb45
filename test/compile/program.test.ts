import { describe, expect, it } from "vitest";
import { nodeDatasetLoader } from "../../src/cli/datasets";
import { CompileError, formatProblem } from "../../src/compile/problems";
import { buildTrainProgram } from "../../src/compile/program";
import { TrainSession } from "../../src/train/session";
import { doc, e, n } from "../helpers/docs";

const regression = (
  extra: ReturnType<typeof n>[] = [],
  extraEdges: ReturnType<typeof e>[] = [],
  frozen = false,
) =>
  doc(
    [
      n("data", "Dataset", { name: "linear", n_samples: 64 }),
      { ...n("fc", "Linear", { out_features: 1 }), frozen },
      n("mse", "MSELoss"),
      n("opt", "SGD", { lr: 0.1 }),
      ...extra,
    ],
    [
      e("data.x", "fc.in"),
      e("fc.out", "mse.input"),
      e("data.y", "mse.target"),
      e("mse.loss", "opt.loss"),
      ...extraEdges,
    ],
    { batch_size: 16 },
  );

function trainedWeight(d: ReturnType<typeof regression>, steps = 100) {
  const s = new TrainSession(d, nodeDatasetLoader);
  const before = Float32Array.from(s.variables.get("fc.weight")!);
  for (let i = 0; i < steps; i++) s.trainStep();
  return { before: before[0], after: s.variables.get("fc.weight")![0], session: s };
}

describe("training programs", () => {
  it("one program holds forward, backward and the optimiser update", () => {
    const p = buildTrainProgram(regression(), 16);
    expect(p.optimizers).toEqual([{ node: "opt", type: "SGD", variables: ["fc.weight", "fc.bias"] }]);
    expect([...p.updates.keys()].sort()).toEqual(
      ["fc.bias", "fc.weight", "opt.momentum_buffer:fc.bias", "opt.momentum_buffer:fc.weight"].sort(),
    );
    expect([...p.hyper.keys()].sort()).toEqual(["opt.lr", "opt.momentum", "opt.step", "opt.weight_decay"]);
  });

  it("a frozen block is not updated", () => {
    const d = regression([], [], true);
    expect(() => buildTrainProgram(d, 16)).toThrow(/no trainable parameters/);
  });

  it("an unwired L2Penalty joins the optimiser's objective and shrinks the weight", () => {
    const plain = trainedWeight(regression()).after;
    const penalised = trainedWeight(regression([n("l2", "L2Penalty", { coef: 0.5, params: ["fc"] })])).after;
    expect(plain).toBeCloseTo(2, 1);
    // Minimiser of E(y - wx - b)² + 0.5 w² is pulled well below 2.
    expect(penalised).toBeLessThan(plain - 0.2);
  });

  it("a learning rate changed at run time takes effect without recompiling", () => {
    const { session } = trainedWeight(regression(), 0);
    const program = session.program;
    session.setHyper("opt.lr", 0);
    const w0 = session.variables.get("fc.weight")![0];
    for (let i = 0; i < 5; i++) session.trainStep();
    expect(session.variables.get("fc.weight")![0]).toBe(w0);
    session.setHyper("opt.lr", 0.1);
    session.trainStep();
    expect(session.variables.get("fc.weight")![0]).not.toBe(w0);
    expect(session.program).toBe(program);
  });

  it("two optimisers on two losses each update their own blocks; overlap is refused", () => {
    const nodes = [
      n("data", "Dataset", { name: "linear", n_samples: 64 }),
      n("g", "Linear", { out_features: 1 }),
      n("d", "Linear", { out_features: 1 }),
      n("lg", "MSELoss"),
      n("ld", "MSELoss"),
      n("optG", "Adam", { lr: 0.01, params: ["g"] }),
      n("optD", "SGD", { lr: 0.01, params: ["d"] }),
    ];
    const edges = [
      e("data.x", "g.in"),
      e("g.out", "d.in"),
      e("d.out", "lg.input"),
      e("data.y", "lg.target"),
      e("d.out", "ld.input"),
      e("data.x", "ld.target"),
      e("lg.loss", "optG.loss"),
      e("ld.loss", "optD.loss"),
    ];
    const p = buildTrainProgram(doc(nodes, edges), 8);
    expect(p.optimizers.map((o) => [o.node, o.variables])).toEqual([
      ["optG", ["g.weight", "g.bias"]],
      ["optD", ["d.weight", "d.bias"]],
    ]);
    const overlap = nodes.map((x) => (x.id === "optD" ? n("optD", "SGD", { lr: 0.01 }) : x));
    let err: unknown;
    try {
      buildTrainProgram(doc(overlap, edges), 8);
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(CompileError);
    expect((err as CompileError).problems.map(formatProblem)).toContain(
      "optD: g.weight is already updated by optG; list params explicitly",
    );
  });

  it("an optimiser wired to a maths output (no loss block) minimises it", () => {
    const d = doc(
      [
        n("p", "Parameter", { shape: [2], init: "values", value: [1, 2] }),
        n("sq", "Square"),
        n("s", "Sum"),
        n("opt", "SGD", { lr: 0.1 }),
      ],
      [e("p.out", "sq.in"), e("sq.out", "s.in"), e("s.out", "opt.loss")],
    );
    const session = new TrainSession(d, nodeDatasetLoader);
    const first = session.trainStep().loss;
    for (let i = 0; i < 50; i++) session.trainStep();
    expect(first).toBeCloseTo(5, 5);
    expect(session.trainStep().loss).toBeLessThan(1e-6);
  });
});
