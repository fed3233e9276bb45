import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { NoWebGpuError } from "../backends/webgpu/device";
import { analyze } from "../compile/analyze";
import { CompileError, formatProblem } from "../compile/problems";
import { programLabels } from "../compile/program";
import type { GraphDoc } from "../graph/doc";
import { parseGraphDoc } from "../graph/load";
import type { Problem } from "../graph/problem";
import { printIR } from "../ir/print";
import { gpuGradPass } from "../train/gpuGradPass";
import { type GradPassResult, gradPass, type TensorValue } from "../train/gradPass";
import { nodeDatasetLoader } from "./datasets";
import { UserError } from "./errors";
import { exportCommand } from "./export";
import { flattenNested, toNested } from "./nested";
import { trainCommand, trainCommandGpu } from "./train";

const USAGE = `wiregrad — a differentiable-programming workbench, from the command line

  wiregrad validate FILE [--json]
  wiregrad shapes FILE [--json]
  wiregrad grad FILE [--inputs INPUTS.json] [--backend cpu|webgpu] [--seed N] [--json]
  wiregrad train FILE --steps N [--backend cpu|webgpu] [--seed N] [--out OUT.json] [--json]
  wiregrad export FILE --format json|pytorch|onnx --out OUT [--seed N]

  --dump-ir   (grad, train) print the compiled IR program to stderr

FILE is a wiregrad GraphDoc (.json). Exit code 0 on success, 1 on a bad file or graph.`;

function docProblemLine(p: Problem): string {
  if (p.node) return `${p.node}${p.port ? `.${p.port}` : ""}: ${p.message}`;
  return p.message;
}

export function readDoc(path: string): GraphDoc {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UserError(
      `${path}: cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  const r = parseGraphDoc(text, path);
  if (!r.ok) throw new UserError(`${path}: not a valid wiregrad graph`, r.problems.map(docProblemLine));
  return r.doc;
}

function backendOption(v: string | undefined): "cpu" | "webgpu" {
  if (v === undefined || v === "cpu" || v === "webgpu") return v ?? "cpu";
  throw new UserError(`--backend ${v}: expected cpu or webgpu`);
}

function seedOption(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`--seed ${v}: expected a whole number ≥ 0`);
  return n;
}

function out(s: string) {
  process.stdout.write(`${s}\n`);
}

function validate(file: string, json: boolean): number {
  let problems: string[] = [];
  try {
    const doc = readDoc(file);
    problems = analyze(doc).problems.map(formatProblem);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    problems = e.lines.length ? e.lines : [e.message];
  }
  if (json) out(JSON.stringify({ valid: problems.length === 0, problems }));
  else if (problems.length === 0) out(`${file}: ok`);
  else for (const p of problems) out(p);
  return problems.length === 0 ? 0 : 1;
}

function shapes(file: string, json: boolean): number {
  const a = analyze(readDoc(file));
  if (a.problems.length) throw new CompileError(a.problems);
  const result: Record<string, Record<string, (number | "B")[]>> = {};
  for (const id of a.order) result[id] = a.nodes.get(id)!.shapes ?? {};
  if (json) out(JSON.stringify(result));
  else {
    for (const [id, ports] of Object.entries(result)) {
      for (const [port, s] of Object.entries(ports)) out(`${id}.${port}  [${s.join(", ")}]`);
    }
  }
  return 0;
}

function nested(v: TensorValue): unknown {
  return toNested(v.data, v.shape);
}

function gradCommand(
  file: string,
  v: Record<string, string | boolean | undefined>,
): number | Promise<number> {
  const backend = backendOption(v.backend as string | undefined);
  const doc = readDoc(file);
  let inputs: Record<string, TensorValue> | undefined;
  if (typeof v.inputs === "string") {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(v.inputs, "utf8"));
    } catch (e) {
      throw new UserError(`${v.inputs}: cannot read inputs (${(e as Error).message})`);
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      throw new UserError(`${v.inputs}: expected { "<Input node id>": nested array with batch first }`);
    }
    inputs = {};
    for (const [k, val] of Object.entries(raw)) {
      try {
        const { data, shape } = flattenNested(val, `${v.inputs}: ${k}`);
        inputs[k] = { data: Float32Array.from(data), shape };
      } catch (e) {
        throw new UserError((e as Error).message);
      }
    }
  }
  const opts = { inputs, seed: seedOption(v.seed as string | undefined), loadDataset: nodeDatasetLoader };
  if (backend === "webgpu") return gpuGradPass(doc, opts).then((r) => printGrad(r, v));
  return printGrad(gradPass(doc, opts), v);
}

function printGrad(r: GradPassResult, v: Record<string, string | boolean | undefined>): number {
  if (v["dump-ir"]) process.stderr.write(`${printIR(r.program.nodes, programLabels(r.program))}\n`);
  const result = {
    loss: r.loss,
    outputs: Object.fromEntries([...r.outputs].map(([k, t]) => [k, nested(t)])),
    grads: Object.fromEntries(
      [...r.grads].map(([node, m]) => [node, Object.fromEntries([...m].map(([p, t]) => [p, nested(t)]))]),
    ),
  };
  if (v.json) out(JSON.stringify(result));
  else {
    out(`loss ${r.loss}`);
    for (const [node, m] of r.grads) {
      for (const [p, t] of m) {
        const norm = Math.sqrt(t.data.reduce((s, x) => s + x * x, 0));
        out(`grad ${node}.${p} [${t.shape.join(", ")}]  |g| = ${norm.toPrecision(4)}`);
      }
    }
  }
  return 0;
}

/** Exit code 1 with a message for the errors a user can fix; anything else is a bug and rethrown. */
function failure(e: unknown, cmd: string, file: string | undefined): number {
  if (e instanceof UserError) {
    process.stderr.write(`${[e.message, ...e.lines].join("\n")}\n`);
    return 1;
  }
  if (e instanceof CompileError) {
    process.stderr.write(
      `${file}: the graph cannot be compiled\n${e.problems.map(formatProblem).join("\n")}\n`,
    );
    return 1;
  }
  if (e instanceof NoWebGpuError) {
    process.stderr.write(`wiregrad ${cmd} --backend webgpu: ${e.message}\n`);
    return 1;
  }
  if (process.env.WIREGRAD_DEBUG) throw e;
  process.stderr.write(`wiregrad ${cmd}: ${(e as Error).message}\n`);
  return 1;
}

/** The exit code; a Promise of it for commands that run on WebGPU (its API is asynchronous). */
export function main(argv: string[]): number | Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === "--help" || cmd === "-h" || cmd === "help") {
    out(USAGE);
    return cmd ? 0 : 1;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        json: { type: "boolean" },
        inputs: { type: "string" },
        backend: { type: "string" },
        seed: { type: "string" },
        steps: { type: "string" },
        out: { type: "string" },
        "log-every": { type: "string" },
        "dump-ir": { type: "boolean" },
        format: { type: "string" },
      },
    });
  } catch (e) {
    process.stderr.write(`wiregrad ${cmd}: ${(e as Error).message}\n${USAGE}\n`);
    return 1;
  }
  const file = parsed.positionals[0];
  const v = parsed.values as Record<string, string | boolean | undefined>;
  try {
    if (!["validate", "shapes", "grad", "train", "export"].includes(cmd))
      throw new UserError(`unknown command "${cmd}"\n${USAGE}`);
    if (!file) throw new UserError(`wiregrad ${cmd}: give a graph FILE`);
    switch (cmd) {
      case "validate":
        return validate(file, v.json === true);
      case "shapes":
        return shapes(file, v.json === true);
      case "grad": {
        const r = gradCommand(file, v);
        return typeof r === "number" ? r : r.catch((e: unknown) => failure(e, cmd, file));
      }
      case "export":
        return exportCommand(readDoc(file), file, {
          format: v.format as string | undefined,
          out: v.out as string | undefined,
          seed: seedOption(v.seed as string | undefined),
          write: (path, text) => writeFileSync(path, text),
          print: out,
        });
      default: {
        const backend = backendOption(v.backend as string | undefined);
        const opts = {
          steps: v.steps as string | undefined,
          seed: seedOption(v.seed as string | undefined),
          out: v.out as string | undefined,
          json: v.json === true,
          logEvery: v["log-every"] as string | undefined,
          dumpIr: v["dump-ir"] === true,
          write: (path: string, text: string) => writeFileSync(path, text),
          print: out,
        };
        if (backend === "webgpu") {
          return trainCommandGpu(readDoc(file), file, opts).catch((e: unknown) => failure(e, cmd, file));
        }
        return trainCommand(readDoc(file), file, opts);
      }
    }
  } catch (e) {
    return failure(e, cmd, file);
  }
}
