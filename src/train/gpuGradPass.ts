import { GpuRuntime } from "../backends/webgpu/executor";
import type { GraphDoc } from "../graph/doc";
import { type GradPassResult, gradPassResult, prepareGradPass, type TensorValue } from "./gradPass";
import type { DatasetLoader } from "./session";

/** gradPass on WebGPU: the same program, weights and feeds, executed on the device. */
export async function gpuGradPass(
  doc: GraphDoc,
  opts: {
    inputs?: Record<string, TensorValue>;
    seed?: number;
    loadDataset: DatasetLoader;
    runtime?: GpuRuntime;
  },
): Promise<GradPassResult> {
  const prep = prepareGradPass(doc, opts);
  const rt = opts.runtime ?? (await GpuRuntime.create());
  try {
    for (const [name, v] of prep.variables) rt.setVariable(name, v);
    const prog = await rt.compile({ nodes: prep.program.nodes, outputs: prep.outputs });
    const vals = await prog.run(prep.feeds, { seed: prep.seed, step: 0 }, prep.outputs);
    prog.destroy();
    return gradPassResult(prep, vals);
  } finally {
    if (!opts.runtime) rt.destroy();
  }
}
