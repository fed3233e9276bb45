// Compute pipelines cached by WGSL text: equal kernels (the same op on the same shapes, in
// any program) compile once, and concurrent requests for one text share the compile in
// flight. Compiles happen when a program is compiled, never while steps run.

import type { KernelSpec } from "./kernel";

export class GpuCompileError extends Error {
  override name = "GpuCompileError";
}

const COMPUTE = 0x4; // GPUShaderStage.COMPUTE

const keyOf = (spec: KernelSpec) =>
  `${spec.reads.length}:${spec.writes.length}:${spec.frame}:${spec.dims !== undefined}\n${spec.code}`;

export class PipelineCache {
  private readonly pipelines = new Map<string, Promise<GPUComputePipeline>>();
  private readonly layouts = new Map<string, GPUBindGroupLayout>();
  private readonly ready = new Map<string, GPUComputePipeline>();
  /** Pipelines requested and pipelines actually compiled (the rest were cache hits). */
  readonly stats = { requested: 0, compiled: 0 };

  constructor(readonly device: GPUDevice) {}

  /** Explicit layouts (not "auto"), so a binding the shader happens not to use is still valid. */
  layout(reads: number, writes: number, frame: boolean, dims = false): GPUBindGroupLayout {
    const key = `${reads}:${writes}:${frame}${dims ? ":dims" : ""}`;
    let l = this.layouts.get(key);
    if (!l) {
      const entries: GPUBindGroupLayoutEntry[] = [];
      for (let k = 0; k < reads; k++)
        entries.push({ binding: k, visibility: COMPUTE, buffer: { type: "read-only-storage" } });
      for (let k = 0; k < writes; k++)
        entries.push({ binding: reads + k, visibility: COMPUTE, buffer: { type: "storage" } });
      if (frame) entries.push({ binding: reads + writes, visibility: COMPUTE, buffer: { type: "uniform" } });
      // A shape-generic kernel's sizes (KernelSpec.dims), after the frame.
      if (dims)
        entries.push({
          binding: reads + writes + (frame ? 1 : 0),
          visibility: COMPUTE,
          buffer: { type: "uniform" },
        });
      l = this.device.createBindGroupLayout({ label: `wiregrad ${key}`, entries });
      this.layouts.set(key, l);
    }
    return l;
  }

  pipeline(spec: KernelSpec): Promise<GPUComputePipeline> {
    this.stats.requested++;
    const key = keyOf(spec);
    let p = this.pipelines.get(key);
    if (!p) {
      p = this.compile(spec);
      this.pipelines.set(key, p);
      p.then(
        (done) => this.ready.set(key, done),
        // A failed compile is not cached: the error is reported to every waiter, then forgotten.
        () => this.pipelines.delete(key),
      );
    }
    return p;
  }

  /** The kernel's pipeline if it has finished compiling (no wait, no compile started). */
  compiled(spec: KernelSpec): GPUComputePipeline | undefined {
    return this.ready.get(keyOf(spec));
  }

  private async compile(spec: KernelSpec): Promise<GPUComputePipeline> {
    this.stats.compiled++;
    const d = this.device;
    d.pushErrorScope("validation");
    const module = d.createShaderModule({ label: spec.label, code: spec.code });
    const layout = d.createPipelineLayout({
      bindGroupLayouts: [
        this.layout(spec.reads.length, spec.writes.length, spec.frame, spec.dims !== undefined),
      ],
    });
    const pipeline = d.createComputePipelineAsync({
      label: spec.label,
      layout,
      compute: { module, entryPoint: "main" },
    });
    const scope = d.popErrorScope();
    try {
      const [p, err] = await Promise.all([pipeline, scope]);
      if (err) throw new Error(err.message);
      return p;
    } catch (e) {
      const info = await module.getCompilationInfo().catch(() => undefined);
      const msgs =
        info?.messages.map((m) => `  ${m.type} ${m.lineNum}:${m.linePos} ${m.message}`).join("\n") ?? "";
      throw new GpuCompileError(
        `WebGPU could not compile the kernel for ${spec.label}: ${(e as Error).message}\n${msgs}\n--- WGSL ---\n${spec.code}`,
      );
    }
  }
}
