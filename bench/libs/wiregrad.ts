// wiregrad as a user would run it: GpuTrainSession (WebGPU), TrainSession (CPU executor)
// and the automatic choice between them (createTrainSession with backend "auto").

import { executeCpu } from "../../src/backends/cpu/executor";
import { GpuRuntime } from "../../src/backends/webgpu/executor";
import type { GraphDoc } from "../../src/graph/doc";
import { IRBuilder } from "../../src/ir/builder";
import { GpuTrainSession } from "../../src/train/gpuSession";
import { type StepLog, TrainSession } from "../../src/train/session";
import { batchLoader, trainDoc } from "../graphs";
import { type Library, type MatmulRunner, matmulOperands } from "../library";

let shared: Promise<GpuRuntime> | undefined;

/** One device for all of wiregrad's workloads, as one page of the app would have. */
export function wiregradRuntime(): Promise<GpuRuntime> {
  // Opened as the app's training worker opens its runtime: library kernels compile in the
  // background from the start (GpuRuntime.prewarm), before any graph asks for them.
  shared ??= GpuRuntime.create().then((rt) => {
    void rt.prewarm();
    return rt;
  });
  return shared;
}

const ready = async () => undefined;

function matmulProgram(n: number) {
  const b = new IRBuilder();
  const z = b.input("a", [n, n]).matmul(b.input("b", [n, n]));
  return { nodes: b.nodes, z: z.id, feeds: matmulOperands(n) };
}

export const wiregradWebgpu: Library = {
  id: "wiregrad-webgpu",
  async train(spec, data) {
    const s = await GpuTrainSession.create(trainDoc(spec), batchLoader(spec, data), {
      runtime: await wiregradRuntime(),
    });
    return {
      activate: ready,
      step: () => s.trainStep(),
      read: async (h) => (await (h as Promise<StepLog>)).loss,
      // The app's training loop: n steps encoded into one command buffer, losses read back late.
      queue: async (n) => (await s.trainSteps(n)).at(-1)!.loss,
      drop: (h) => void (h as Promise<StepLog>).catch(() => undefined),
      own: () => ({
        ...s.stats,
        // The first step's set-up by phase (quickDispatches: kernels still on their quick tier).
        setup: Object.entries(s.setupMs)
          .map(([k, ms]) => `${k} ${ms.toFixed(0)}`)
          .join(", "),
      }),
      dispose: () => s.destroy(),
    };
  },
  async matmul(n): Promise<MatmulRunner> {
    const rt = await wiregradRuntime();
    const { nodes, z, feeds } = matmulProgram(n);
    const p = await rt.compile({ nodes, outputs: [z] });
    p.writeInputs(feeds);
    p.writeFrame(0, 0);
    const staging = rt.device.createBuffer({
      size: 4 * n * n,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    return {
      activate: ready,
      async run(reps) {
        // Products queued in one command buffer, as a training step queues its kernels.
        const enc = rt.device.createCommandEncoder();
        for (let k = 0; k < reps; k++) p.encode(enc);
        p.copyResult(enc, z, staging, 0);
        rt.device.queue.submit([enc.finish()]);
        await staging.mapAsync(GPUMapMode.READ);
        staging.unmap();
      },
      dispose() {
        staging.destroy();
        p.destroy();
      },
    };
  },
};

export const wiregradCpu: Library = {
  id: "wiregrad-cpu",
  async train(spec, data) {
    const s = new TrainSession(trainDoc(spec), batchLoader(spec, data));
    return {
      activate: ready,
      step: () => s.trainStep(),
      read: async (h) => (h as StepLog).loss,
      drop: () => undefined,
      dispose: () => undefined,
    };
  },
  async matmul(n) {
    const { nodes, z, feeds } = matmulProgram(n);
    return {
      activate: ready,
      async run(reps) {
        for (let k = 0; k < reps; k++)
          executeCpu(nodes, [z], { dtype: "f32", feeds, variables: {}, seed: 0, step: 0 });
      },
      dispose: () => undefined,
    };
  },
};

// The automatic backend lives in src/train/autoSession.ts; the glob keeps this file compiling
// (and reporting a clear error) in a tree that does not have it yet.
const autoModules = import.meta.glob("../../src/train/autoSession.ts");

interface AutoSession {
  backend: string;
  reason?: string;
  trainSteps(n: number): Promise<StepLog[]>;
  destroy(): void;
}
type CreateAuto = (
  doc: GraphDoc,
  loader: ReturnType<typeof batchLoader>,
  opts: { backend: "auto"; runtime?: GpuRuntime },
) => Promise<AutoSession>;

async function createAuto(): Promise<CreateAuto> {
  const load = autoModules["../../src/train/autoSession.ts"];
  if (!load) throw new Error("src/train/autoSession.ts does not exist in this tree");
  const mod = (await load()) as { createTrainSession?: CreateAuto };
  if (!mod.createTrainSession) throw new Error("src/train/autoSession.ts exports no createTrainSession");
  return mod.createTrainSession;
}

/** The backend "auto" chose for each workload, for the report. */
export const autoChoices: Record<string, string> = {};

export const wiregradAuto: Library = {
  id: "wiregrad-auto",
  async train(spec, data) {
    const create = await createAuto();
    const s = await create(trainDoc(spec), batchLoader(spec, data), {
      backend: "auto",
      runtime: await wiregradRuntime(),
    });
    autoChoices[`w${spec.id}`] = `${s.backend}${s.reason ? ` (${s.reason})` : ""}`;
    return {
      activate: ready,
      step: () => s.trainSteps(1),
      read: async (h) => (await (h as Promise<StepLog[]>))[0].loss,
      queue: async (n) => (await s.trainSteps(n)).at(-1)!.loss,
      drop: (h) => void (h as Promise<StepLog[]>).catch(() => undefined),
      own: () => ({ backend: s.backend }),
      dispose: () => s.destroy(),
    };
  },
};
