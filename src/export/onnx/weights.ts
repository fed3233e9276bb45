import type { Analysis } from "../../compile/analyze";
import { CompileError, type GraphProblem } from "../../compile/problems";
import { buildEvalProgram } from "../../compile/program";
import { initVariables, type VariableStore } from "../../compile/variables";
import type { GraphDoc } from "../../graph/doc";

/**
 * Every weight the graph uses, keyed "<node>.<param>": the doc's embedded values, else the
 * seeded initialisation a training run would start from, so an untrained graph exports the
 * same numbers `wiregrad grad` computes with.
 */
export function graphWeights(
  doc: GraphDoc,
  a: Analysis,
  seed: number,
): { values: VariableStore; problems: GraphProblem[] } {
  try {
    return initVariables(buildEvalProgram(doc, 1, a), doc, seed);
  } catch (e) {
    if (e instanceof CompileError) return { values: new Map(), problems: e.problems };
    throw e;
  }
}
