import { describe, expect, it } from "vitest";
import { type AnyBlock, blocks } from "../../nodes";
import type { BlockExample } from "../../nodes/types";
import { grad } from "../../src/autodiff/grad";
import { executeCpu } from "../../src/backends/cpu/executor";
import { gradcheck } from "../../src/compile/gradcheck";
import { resolveParams } from "../../src/compile/params";
import { concrete, fmtSym, ParamError, PortShapeError } from "../../src/graph/symbolic";
import { buildExample, randomProjection } from "../helpers/blockHarness";

// Generated from the registry: every block gets a gradient check against central
// differences (Float64), a fan-out variant, a Float32-vs-Float64 forward check, a check
// that its shape rule matches what it lowers to, and its refused wirings.

/**
 * Forward tolerance Float32 vs Float64: float32 rounds at 2⁻²⁴ ≈ 6e-8 per op; these
 * examples chain at most a few hundred ops of modest condition, so 2e-4·(1+|v|) is ~100×
 * the expected error yet far below any real mistake.
 */
const FWD_RTOL = 2e-4;

type Ex = BlockExample<Record<string, unknown>>;

function run(built: ReturnType<typeof buildExample>, ids: number[], dtype: "f32" | "f64") {
  return executeCpu(built.b.nodes, ids, {
    dtype,
    feeds: built.feeds,
    variables: built.variables,
    seed: 5,
    step: 0,
  });
}

function checkGradients(def: AnyBlock, ex: Ex, shareInputs: boolean) {
  const built = buildExample(def, ex, { shareInputs });
  const obj = randomProjection(built, 3, shareInputs);
  const mode = ex.gradcheck ?? "fd";
  if (mode === "fd") {
    const results = gradcheck(built.b, obj, built.differentiable, {
      feeds: built.feeds,
      variables: built.variables,
      seed: 5,
    });
    for (const r of results) {
      expect(r.ok, `${def.type} ${r.name}: max err ${r.maxAbsErr} at ${JSON.stringify(r.worst)}`).toBe(true);
    }
    return results.length;
  }
  if (mode === "zero") {
    const gs = grad(built.b, obj, Object.values(built.inputs));
    for (const v of run(
      built,
      gs.map((g) => g.id),
      "f64",
    )) {
      expect(Array.from(v).every((x) => x === 0)).toBe(true);
    }
    return gs.length;
  }
  if (mode === "identity") {
    const x = Object.values(built.inputs)[0];
    const y = Object.values(built.outputs)[0];
    const [gx, gy] = grad(built.b, obj, [x, y]);
    const [vx, vy] = run(built, [gx.id, gy.id], "f64");
    expect(Array.from(vx)).toEqual(Array.from(vy));
    return 1;
  }
  const other = buildExample(def, ex, { shareInputs, paramsOverride: mode.sameAsParams });
  const objOther = randomProjection(other, 3, shareInputs);
  const ga = grad(
    built.b,
    obj,
    built.differentiable.map((d) => d.tensor),
  );
  const gb = grad(
    other.b,
    objOther,
    other.differentiable.map((d) => d.tensor),
  );
  const va = run(
    built,
    ga.map((g) => g.id),
    "f64",
  );
  const vb = run(
    other,
    gb.map((g) => g.id),
    "f64",
  );
  va.forEach((v, i) => {
    Array.from(v).forEach((e, j) => {
      expect(e).toBeCloseTo(vb[i][j], 9);
    });
  });
  return va.length;
}

const types = Object.keys(blocks).sort();

describe("block registry coverage", () => {
  it("has the whole first catalogue", () => {
    expect(types.length).toBeGreaterThanOrEqual(60);
  });
  it.each(types)("%s has examples, and refused wirings when it has inputs", (type) => {
    const def = blocks[type];
    expect(def.examples.length).toBeGreaterThan(0);
    if (def.inputs.length > 0) expect(def.badWiring.length).toBeGreaterThan(0);
    expect(def.doc.length).toBeGreaterThan(5);
  });
});

for (const type of types) {
  const def = blocks[type];
  describe(`block ${type}`, () => {
    def.examples.forEach((ex: Ex, i: number) => {
      const label = `example ${i}${ex.note ? ` (${ex.note})` : ""}`;

      it(`${label}: shape rule matches the lowered shapes`, () => {
        const { params } = resolveParams(def, ex.params);
        const inferred = def.shape({ params, inputs: ex.inputs });
        const built = buildExample(def, ex);
        for (const [port, t] of Object.entries(built.outputs)) {
          expect(concrete(inferred[port], built.batch), `port ${port}`).toEqual([...t.shape]);
        }
      });

      if (def.category === "optimizers") return;

      it(`${label}: Float32 forward agrees with Float64`, () => {
        const built = buildExample(def, ex);
        const ids = Object.values(built.outputs).map((t) => t.id);
        const lo = run(built, ids, "f32");
        const hi = run(built, ids, "f64");
        hi.forEach((v, k) => {
          v.forEach((e, j) => {
            expect(Number.isFinite(e), `output ${k}[${j}] is ${e}`).toBe(true);
            expect(Math.abs(lo[k][j] - e)).toBeLessThanOrEqual(FWD_RTOL * (1 + Math.abs(e)));
          });
        });
      });

      it(`${label}: gradients match central differences`, () => {
        checkGradients(def, ex, false);
      });
      if (i === 0) {
        it(`${label}: fan-out (shared inputs, output used twice)`, () => {
          checkGradients(def, ex, true);
        });
      }
    });

    def.badWiring.forEach((bad: AnyBlock["badWiring"][number], i: number) => {
      it(`refuses bad wiring ${i} on port "${bad.port}"`, () => {
        const { params } = resolveParams(def, bad.params);
        let err: unknown;
        try {
          def.shape({ params, inputs: bad.inputs });
        } catch (e) {
          err = e;
        }
        if (bad.param) {
          expect(err).toBeInstanceOf(ParamError);
          expect((err as ParamError).param).toBe(bad.param);
          expect((err as Error).message).toMatch(bad.message);
          return;
        }
        expect(err).toBeInstanceOf(PortShapeError);
        expect((err as PortShapeError).port).toBe(bad.port);
        expect((err as Error).message).toMatch(bad.message);
        // The editor shows what arrived beside the port (analyze fills it in from the wire
        // when the block does not), and what was expected: in `expected`, or in the message
        // when the problem is a param that does not fit the input (a window too large).
        const arrived = bad.inputs[bad.port];
        const pe = err as PortShapeError;
        if (arrived) {
          if (pe.actual) expect(pe.actual).toEqual(arrived);
          expect(pe.expected || pe.message.includes(fmtSym(arrived))).toBeTruthy();
        }
      });
    });
  });
}
