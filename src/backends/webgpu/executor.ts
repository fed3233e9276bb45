// Runs planned programs on a device. Variables (weights, optimiser slots, running stats)
// stay resident in GPU buffers owned by the runtime, shared by every program compiled on
// it (train step, eval, grad). A program owns its transient buffers, its input buffers and
// its bind groups, all created once at compile time: a step only writes the fed inputs
// and the frame uniform, then encodes the prebuilt dispatches.

import type { IRNode, PrimAttrs } from "../../ir/prims";
import { fmt, size } from "../../ir/shape";
import { acquireGpu, type GpuContext } from "./device";
import { ALIAS_PRIMS } from "./fuse";
import type { KernelSpec } from "./kernel";
import { KernelCache } from "./kernelCache";
import { PipelineCache } from "./pipelines";
import { type BufferPlan, describePlan, planProgram, type Storage } from "./plan";
import { libraryKernels } from "./prewarm";
import { defaultPath, type ExecutionPath, prefersSingle, programCost } from "./single/choose";
import { SingleKernelProgram } from "./single/program";
import { BufferUsage, MapMode } from "./usage";
import { dimsBytes, frameBytes, frameImage, toF32 } from "./wgsl/format";

export interface GpuProgramSpec {
  nodes: readonly IRNode[];
  /** Values read back after a run. */
  outputs: number[];
  /** Variable name → value id copied into the variable after each run. */
  updates?: Map<string, number>;
  /** Elementwise fusion and in-place views (default on). */
  fuse?: boolean;
  /** Where the program's variables live (default: the runtime's own store). */
  variables?: GpuVariables;
  /**
   * "planned": one dispatch per kernel of the plan; "single": the whole program as one
   * kernel (single/); "auto" (default): the rule in single/choose.ts, which picks the
   * planned path on every adapter until the single kernel is measured faster there.
   */
  path?: ExecutionPath;
  /**
   * Planned path: return before the pipelines are compiled, leaving their compiles to
   * startCompiling() (or the first encodeStaged()), so the first run's dispatches can start
   * as their pipelines come in instead of after the last one. encode() then waits for
   * `compiled` (it throws until it resolves); encodeStaged() does not.
   */
  overlap?: boolean;
  /**
   * Software adapters' tier-up (quick kernels swapped for full ones, compiled in the
   * background): started once the first run's work is done (default), or only when
   * `tieredUp` is first asked for ("manual"). A training session asks once its first
   * step's loss is read back: begun earlier, the compiles held that readback up by ~45 ms.
   */
  tierUp?: "after-first-run" | "manual";
}

interface Dispatch {
  /** Undefined only while an overlapped program's pipeline is still compiling. */
  pipeline: GPUComputePipeline | undefined;
  bindGroup: GPUBindGroup;
  groups: [number, number, number];
}

const STORAGE_RW = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;

function debugLevel(): number {
  const v = typeof process !== "undefined" ? process.env?.WIREGRAD_DEBUG_GPU : undefined;
  return v ? Number(v) || 1 : 0;
}

/** Variables resident on the GPU by name: a session's weights and optimiser state. */
export class GpuVariables {
  private readonly buffers = new Map<string, GPUBuffer>();

  constructor(private readonly rt: GpuRuntime) {}

  /** Uploads a value (creating the buffer the first time). */
  set(name: string, data: ArrayLike<number>): void {
    let b = this.buffers.get(name);
    const bytes = data.length * 4;
    if (!b || b.size < bytes) {
      b?.destroy();
      b = this.rt.device.createBuffer({
        label: `var ${name}`,
        size: Math.max(16, Math.ceil(bytes / 16) * 16),
        usage: STORAGE_RW,
      });
      this.buffers.set(name, b);
    }
    this.rt.device.queue.writeBuffer(b, 0, toF32(data));
  }

  get(name: string): GPUBuffer {
    const b = this.buffers.get(name);
    if (!b) throw new Error(`variable "${name}" has no value on the GPU (upload it first)`);
    return b;
  }

  /** Downloads the named variables (waits for the GPU to finish what is queued). */
  async read(shapes: Map<string, readonly number[]>): Promise<Map<string, Float32Array>> {
    const names = [...shapes.keys()];
    const out = await this.rt.readBuffers(
      names.map((n) => ({ buffer: this.get(n), bytes: 4 * size(shapes.get(n)!) })),
    );
    return new Map(names.map((n, i) => [n, out[i]]));
  }

  destroy(): void {
    for (const b of this.buffers.values()) b.destroy();
    this.buffers.clear();
  }
}

/** A device with its pipeline cache: shared by every program and session on it. */
export class GpuRuntime {
  readonly cache: PipelineCache;
  /** Kernels by structure for every plan on this device: a recompile regenerates what an edit changed. */
  readonly kernels = new KernelCache();
  /** Variables of programs compiled without a store of their own (tests, one-off runs). */
  readonly variables: GpuVariables;

  private constructor(readonly ctx: GpuContext) {
    this.cache = new PipelineCache(ctx.device);
    this.variables = new GpuVariables(this);
  }

  static async create(ctx?: GpuContext): Promise<GpuRuntime> {
    return new GpuRuntime(ctx ?? (await acquireGpu()));
  }

  private prewarmed?: Promise<void>;

  /**
   * On a software adapter, compiles the quick tier's graph-independent library kernels
   * (tiled matmul, strided copy, reductions: prewarm.ts) in the background, as a runtime
   * opened ahead of its first program (the app's worker) does; a program asking for one
   * meanwhile shares the compile in flight. One at a time, smallest first: the GPU process
   * compiles in order of request, so a program compiled meanwhile waits behind at most one
   * of them (all five at once put ~190 ms before a tiny graph's first step). Resolves once
   * they are in; a kernel that fails to compile is left for the program that needs it to
   * report. Nothing to do on other adapters, whose programs start on their full kernels.
   */
  prewarm(): Promise<void> {
    if (!this.ctx.software) return Promise.resolve();
    this.prewarmed ??= (async () => {
      const specs = libraryKernels(this.maxInputs).sort((a, b) => a.code.length - b.code.length);
      for (const k of specs) {
        await this.firstRuns;
        await this.cache.pipeline(k).catch(() => undefined);
      }
      this.prewarmDone = true;
    })();
    return this.prewarmed;
  }

  private prewarmDone = false;

  /** Resolves once no program compiled meanwhile is still on its first run (holdPrewarm). */
  private firstRuns: Promise<void> = Promise.resolve();

  /**
   * A program just compiled: prewarm's next compile waits until its first run's work is
   * done (at most 3 s). Compiled alongside that run, the warm matmul (~0.4–0.7 s of
   * compiling) took the CPU from it: w2's first step on a runtime opened with its graph
   * went from ~1.19 to ~1.57 s.
   */
  holdPrewarm(firstRun: Promise<void>): void {
    if (!this.prewarmed || this.prewarmDone) return;
    const cap = new Promise<void>((resolve) => setTimeout(resolve, 3000));
    const before = this.firstRuns;
    this.firstRuns = Promise.all([before, Promise.race([firstRun, cap])]).then(() => undefined);
  }

  get device(): GPUDevice {
    return this.ctx.device;
  }

  /** Storage buffers one kernel may read (the device limit, less the output's binding). */
  get maxInputs(): number {
    return Math.max(2, this.device.limits.maxStorageBuffersPerShaderStage - 1);
  }

  /** Uploads a variable of the default store. */
  setVariable(name: string, data: ArrayLike<number>): void {
    this.variables.set(name, data);
  }

  /** Copies buffers to one staging buffer and maps it: for one-off reads, not the step loop. */
  async readBuffers(
    parts: { buffer: GPUBuffer; bytes: number }[],
    encoder?: GPUCommandEncoder,
  ): Promise<Float32Array[]> {
    const total = parts.reduce((p, x) => p + x.bytes, 0);
    const staging = this.device.createBuffer({
      size: Math.max(16, total),
      usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST,
    });
    const enc = encoder ?? this.device.createCommandEncoder();
    let at = 0;
    for (const x of parts) {
      if (x.bytes) enc.copyBufferToBuffer(x.buffer, 0, staging, at, x.bytes);
      at += x.bytes;
    }
    this.device.queue.submit([enc.finish()]);
    await staging.mapAsync(MapMode.READ);
    const all = new Float32Array(staging.getMappedRange().slice(0));
    staging.unmap();
    staging.destroy();
    at = 0;
    return parts.map((x) => {
      const v = all.slice(at / 4, (at + x.bytes) / 4);
      at += x.bytes;
      return v;
    });
  }

  async compile(spec: GpuProgramSpec): Promise<GpuProgram> {
    const path = spec.path ?? defaultPath();
    if (path === "single") return SingleKernelProgram.compile(this, spec);
    if (path === "auto") {
      const cost = programCost(spec.nodes, [...spec.outputs, ...(spec.updates?.values() ?? [])]);
      if (prefersSingle(cost, this.ctx.software)) return SingleKernelProgram.compile(this, spec);
    }
    return PlannedProgram.compile(this, spec);
  }

  destroy(): void {
    this.variables.destroy();
    this.device.destroy();
  }
}

/** Variable updates whose source is another updated variable must be copied first. */
export function hazards(nodes: readonly IRNode[], updates: Map<string, number>): number[] {
  const owner = (id: number): IRNode =>
    ALIAS_PRIMS.has(nodes[id].prim) ? owner(nodes[id].inputs[0]) : nodes[id];
  const out: number[] = [];
  for (const [name, v] of updates) {
    const o = owner(v);
    if (o.prim !== "variable") continue;
    const src = (o.attrs as PrimAttrs["variable"]).name;
    if (src !== name && updates.has(src)) out.push(v);
  }
  return out;
}

/** PlannedProgram members for a program compiled with `overlap` (the planned path only). */
type OverlapOnly = "compiled" | "startCompiling" | "encodeStaged" | "pipelinesReady";

/** What a compiled program offers, whichever path runs it (PlannedProgram's public surface). */
export type GpuProgram = { [K in Exclude<keyof PlannedProgram, OverlapOnly>]: PlannedProgram[K] };

export class PlannedProgram {
  private dispatches: Dispatch[] = [];
  private readonly storageBuffers = new Map<number, GPUBuffer>();
  private readonly inputs = new Map<string, { buffer: GPUBuffer; length: number }>();
  private readonly owned: GPUBuffer[] = [];
  private readonly frame: GPUBuffer;
  /** The shape-generic kernels' dims (writeDims), and each one's offset in it. */
  private dims?: GPUBuffer;
  private readonly dimsAt = new Map<KernelSpec, number>();
  /** Host copy of the frame uniform: seed, step, then the scalar inputs. */
  private readonly frameData: ArrayBuffer;
  private readonly copies: { src: GPUBuffer; dst: GPUBuffer; bytes: number }[] = [];
  readonly vars: GpuVariables;

  private constructor(
    readonly runtime: GpuRuntime,
    readonly spec: GpuProgramSpec,
    readonly plan: BufferPlan,
  ) {
    this.frameData = new ArrayBuffer(frameBytes(plan.frameSlots.size));
    this.frame = this.make("frame", this.frameData.byteLength, BufferUsage.UNIFORM | BufferUsage.COPY_DST);
    this.vars = spec.variables ?? runtime.variables;
  }

  static async compile(rt: GpuRuntime, spec: GpuProgramSpec): Promise<PlannedProgram> {
    const updates = spec.updates ?? new Map<string, number>();
    const plan = planProgram(spec.nodes, [...new Set([...spec.outputs, ...updates.values()])], {
      fuse: spec.fuse,
      maxInputs: rt.maxInputs,
      software: rt.ctx.software,
      detach: hazards(spec.nodes, updates),
      updates,
      kernels: rt.kernels,
    });
    const dbg = debugLevel();
    if (dbg) process.stderr.write(`${describePlan(plan, dbg >= 2)}\n`);
    const prog = new PlannedProgram(rt, spec, plan);
    rt.holdPrewarm(prog.firstRun);
    const buffers = plan.buffers.map((bytes, k) => prog.make(`transient ${k}`, bytes, STORAGE_RW));
    for (const s of plan.storages.values()) prog.storageBuffers.set(s.value, prog.bufferFor(s, buffers));
    prog.writeDims(plan.kernels);
    // Compile every kernel up front (deduplicated by the cache), then bind once. A kernel
    // with a quick tier not compiled yet starts on it; the full one replaces it when ready.
    // Quick tiers are for software adapters, where compiles are slow (kernels.ts, matmul).
    // A quick tier compiled ahead by the runtime (KernelSpec.warm, prewarm.ts) is used
    // instead of the one that would have to be compiled now.
    const first = plan.kernels.map((k) => {
      if (!k.quick || !rt.ctx.software || rt.cache.compiled(k)) return k;
      return k.warm && rt.cache.compiled(k.warm) ? k.warm : k.quick;
    });
    prog.dispatches = first.map((k) => ({
      pipeline: rt.cache.compiled(k),
      bindGroup: prog.bindGroup(k),
      groups: k.groups,
    }));
    prog.first = first;
    prog.startTiers = first;
    // The full tiers' bind groups too (their dims differ), made now rather than mid-run.
    prog.fullBindGroups = plan.kernels.map((k, i) => (first[i] === k ? undefined : prog.bindGroup(k)));
    if (spec.overlap) prog.compiled = new Promise((resolve) => (prog.compiledNow = resolve));
    else await prog.startCompiling();
    for (const [name, v] of updates) {
      const src = prog.storage(plan.resultOf(v));
      const dst = prog.vars.get(name);
      if (src !== dst) prog.copies.push({ src, dst, bytes: 4 * size(spec.nodes[v].shape) });
    }
    return prog;
  }

  /** Resolves once every dispatch has its pipeline (at once unless compiled with `overlap`). */
  compiled: Promise<void> = Promise.resolve();
  private compiledNow?: (all: Promise<void>) => void;
  /** Each dispatch's pipeline compile, in dispatch order, once startCompiling() asked for them. */
  private waits?: Promise<GPUComputePipeline>[];

  /**
   * Requests every dispatch's pipeline, in dispatch order (compiles are served in order, so
   * the first dispatches' pipelines come first); resolves once all are in. Called by
   * compile() unless the program is compiled with `overlap`, where the caller starts them
   * when it likes (after the pipelines its first run needs before this program's).
   */
  startCompiling(): Promise<void> {
    if (!this.waits) {
      this.waits = this.startTiers.map((k, i) => {
        const w = this.runtime.cache.pipeline(k).then((p) => {
          // Unless tier-up (`tieredUp` asked for early) already put the full kernel there.
          this.dispatches[i].pipeline ??= p;
          return p;
        });
        w.catch(() => undefined); // reported through `compiled` and staged runs
        return w;
      });
      const all = Promise.all(this.waits).then(() => undefined);
      const resolve = this.compiledNow;
      this.compiledNow = undefined;
      if (resolve) {
        // Rejections reach whoever awaits `compiled` or a staged run, not the console.
        all.catch(() => undefined);
        resolve(all);
      } else this.compiled = all;
    }
    return this.compiled;
  }

  /**
   * Encodes one run like encode(), but for a program whose pipelines may still be
   * compiling: the dispatches whose pipelines are ready go into `enc`, which is submitted if
   * any are left; each later batch goes into a fresh encoder, submitted as the pipelines it
   * needs come in. Resolves with the encoder holding the last dispatches and the variable
   * copies, not submitted (the caller adds its readbacks and submits it). Submits run in
   * order, so the results are encode()'s; only the first run of an overlapped program needs
   * this, while the rest of its pipelines compile in the background.
   */
  async encodeStaged(enc: GPUCommandEncoder): Promise<GPUCommandEncoder> {
    const waits = this.waits;
    if (!waits) {
      this.startCompiling();
      return this.encodeStaged(enc);
    }
    this.watchFirstRun();
    this.queueTierUp();
    const dev = this.runtime.device;
    let at = 0;
    let current = enc;
    for (;;) {
      let end = at;
      while (end < this.dispatches.length && this.dispatches[end].pipeline) end++;
      if (end > at) {
        const pass = current.beginComputePass();
        for (let i = at; i < end; i++) this.encodeDispatch(pass, this.dispatches[i]);
        pass.end();
        at = end;
      }
      if (at >= this.dispatches.length) break;
      // Let the device start on what is ready while the next pipelines compile.
      dev.queue.submit([current.finish()]);
      await waits[at];
      current = dev.createCommandEncoder({ label: "wiregrad staged run" });
    }
    for (const c of this.copies) current.copyBufferToBuffer(c.src, 0, c.dst, 0, c.bytes);
    return current;
  }

  /** Whether every dispatch has its pipeline (encode() may run). Asked before every submit. */
  get pipelinesReady(): boolean {
    // Pipelines are only ever swapped for others (tier-up), never removed: once true, true.
    this.allPipelines ||= this.dispatches.every((d) => d.pipeline !== undefined);
    return this.allPipelines;
  }
  private allPipelines = false;

  private encodeDispatch(pass: GPUComputePassEncoder, d: Dispatch): void {
    if (!d.pipeline) throw new Error("a pipeline of this program is still compiling (await compiled)");
    pass.setPipeline(d.pipeline);
    pass.setBindGroup(0, d.bindGroup);
    pass.dispatchWorkgroups(d.groups[0], d.groups[1], d.groups[2]);
  }

  /**
   * Swaps each quick-tier dispatch for its full kernel as that compiles (in the background:
   * steps keep running meanwhile). Same bindings, same values, so the swap is invisible but
   * for speed. A full kernel that fails to compile leaves the quick one in place.
   *
   * Started once the first encode()'s work is done: compiles are served in order and share
   * the CPU with a software adapter's kernels, so started at compile time they made the
   * batch sampler's pipelines wait ~3 s behind the full-tier matmuls in Chromium, and
   * started with the first step they doubled its time (scripts/first-step.ts).
   */
  private async tierUp(first: KernelSpec[]): Promise<void> {
    const swaps = this.plan.kernels.map(async (k, i) => {
      if (first[i] === k) return;
      try {
        const pipeline = await this.runtime.cache.pipeline(k);
        // Its own bind group: the tiers bind the same values, but may differ in their dims.
        const bindGroup = this.fullBindGroups[i] ?? this.bindGroup(k);
        this.dispatches[i] = { pipeline, bindGroup, groups: k.groups };
      } catch (e) {
        this.tierFailures.push(`${k.label}: ${(e as Error).message.split("\n")[0]}`);
      }
    });
    await Promise.all(swaps);
  }

  /** The tier each kernel was first compiled at; cleared when tier-up starts. */
  private first?: KernelSpec[];
  /** Per dispatch starting on its quick tier, the full tier's bind group (for tier-up). */
  private fullBindGroups: (GPUBindGroup | undefined)[] = [];
  /** The tier each dispatch starts on (its bind group's): what startCompiling() compiles. */
  private startTiers: KernelSpec[] = [];
  private tierUpDone?: Promise<void>;
  private tierUpQueued = false;

  /** Resolves once every kernel runs its full tier (starting tier-up if no step has yet). */
  get tieredUp(): Promise<void> {
    this.startTierUp();
    return this.tierUpDone ?? Promise.resolve();
  }

  private startTierUp(): void {
    const first = this.first;
    if (!first) return;
    this.first = undefined;
    this.tierUpDone = first.some((k, i) => k !== this.plan.kernels[i])
      ? this.tierUp(first)
      : Promise.resolve();
  }
  /** Full-tier kernels that failed to compile (their quick tier stays): empty unless a bug. */
  readonly tierFailures: string[] = [];

  /** Dispatches still on their quick tier. */
  get quickDispatches(): number {
    return this.dispatches.filter((d, i) => {
      const k = this.plan.kernels[i];
      return k.quick !== undefined && d.pipeline !== this.runtime.cache.compiled(k);
    }).length;
  }

  /**
   * The `dims` of every shape-generic kernel (either tier) in one uniform buffer, each at
   * its own aligned offset, written once: sizes are fixed per plan, never per step.
   */
  private writeDims(kernels: readonly KernelSpec[]): void {
    const align = this.runtime.device.limits.minUniformBufferOffsetAlignment;
    let bytes = 0;
    for (const k of kernels) {
      for (const s of [k, k.quick, k.warm]) {
        if (!s?.dims || this.dimsAt.has(s)) continue;
        this.dimsAt.set(s, bytes);
        bytes += Math.ceil(dimsBytes(s.dims.length) / align) * align;
      }
    }
    if (!bytes) return;
    this.dims = this.make("dims", bytes, BufferUsage.UNIFORM | BufferUsage.COPY_DST);
    const image = new Uint32Array(bytes / 4);
    for (const [s, at] of this.dimsAt) image.set(s.dims!, at / 4);
    this.runtime.device.queue.writeBuffer(this.dims, 0, image);
  }

  /** Kernel k's bindings: reads, writes, the frame and its dims, as PipelineCache.layout orders them. */
  private bindGroup(k: KernelSpec): GPUBindGroup {
    const entries: GPUBindGroupEntry[] = k.reads.map((r, b) => ({
      binding: b,
      resource: { buffer: this.storage(r) },
    }));
    k.writes.forEach((w, j) => {
      entries.push({ binding: k.reads.length + j, resource: { buffer: this.storage(w) } });
    });
    let next = k.reads.length + k.writes.length;
    if (k.frame) entries.push({ binding: next++, resource: { buffer: this.frame } });
    if (k.dims) {
      const at = this.dimsAt.get(k);
      if (at === undefined || !this.dims) throw new Error(`${k.label}: its dims were not written`);
      entries.push({
        binding: next,
        resource: { buffer: this.dims, offset: at, size: dimsBytes(k.dims.length) },
      });
    }
    return this.runtime.device.createBindGroup({
      label: k.label,
      layout: this.runtime.cache.layout(k.reads.length, k.writes.length, k.frame, k.dims !== undefined),
      entries,
    });
  }

  private make(label: string, bytes: number, usage: number): GPUBuffer {
    const b = this.runtime.device.createBuffer({
      label,
      size: Math.max(16, Math.ceil(bytes / 16) * 16),
      usage,
    });
    this.owned.push(b);
    return b;
  }

  private bufferFor(s: Storage, transient: GPUBuffer[]): GPUBuffer {
    const n = this.plan.nodes[s.value];
    switch (s.kind) {
      case "transient":
        return transient[s.buffer];
      case "variable":
        return this.vars.get(s.name ?? (n.attrs as PrimAttrs["variable"]).name);
      case "input": {
        const a = n.attrs as PrimAttrs["input"];
        const b = this.make(`input ${a.name}`, s.bytes, STORAGE_RW);
        this.inputs.set(a.name, { buffer: b, length: size(a.shape) });
        return b;
      }
      case "const": {
        const a = n.attrs as PrimAttrs["const"];
        const b = this.make(`const %${s.value}`, s.bytes, STORAGE_RW);
        const data = new Float32Array(size(n.shape));
        if (a.data.length === 1) data.fill(Number(a.data[0]));
        else data.set(a.data);
        this.runtime.device.queue.writeBuffer(b, 0, data);
        return b;
      }
    }
  }

  private storage(v: number): GPUBuffer {
    const b = this.storageBuffers.get(v);
    if (!b) throw new Error(`no buffer planned for %${v}`);
    return b;
  }

  /** Names of the inputs this program reads (those the outputs depend on). */
  get inputNames(): string[] {
    return [...this.inputs.keys()];
  }

  /** The buffer of a fed (non-scalar) input, for kernels that fill it on the device; undefined if unread. */
  inputBuffer(name: string): GPUBuffer | undefined {
    return this.inputs.get(name)?.buffer;
  }

  /** The frame uniform: callers running several steps per submit copy each step's image into it. */
  get frameBuffer(): GPUBuffer {
    return this.frame;
  }

  /** The frame's bytes for one run (seed, step, the scalar inputs among `scalars`), not uploaded. */
  frameImage(scalars: Record<string, ArrayLike<number>>, seed: number, step: number): ArrayBuffer {
    return frameImage(this.frameData.byteLength, this.plan.frameSlots, scalars, seed, step);
  }

  /** The buffer holding value v's result after encode() (its data starts at offset 0). */
  resultBuffer(v: number): GPUBuffer {
    return this.storage(this.plan.resultOf(v));
  }

  get dispatchCount(): number {
    return this.dispatches.length;
  }

  /** Buffer copies encoded after the pass: variable updates that could not be written in place. */
  get copyCount(): number {
    return this.copies.length;
  }

  /** Queues the fed inputs' values (scalars go to the frame, sent by writeFrame). */
  writeInputs(feeds: Record<string, ArrayLike<number>>): void {
    for (const [name, { buffer, length }] of this.inputs) {
      const v = feeds[name];
      if (!v) throw new Error(`no value fed for input "${name}"`);
      if (v.length !== length) throw new Error(`input "${name}": expected ${length} values, got ${v.length}`);
      this.runtime.device.queue.writeBuffer(buffer, 0, toF32(v));
    }
    const scalars = new Float32Array(this.frameData, 16);
    for (const [name, slot] of this.plan.frameSlots) {
      const v = feeds[name];
      if (v?.length !== 1) throw new Error(`no scalar fed for input "${name}"`);
      scalars[slot] = v[0];
    }
  }

  /**
   * Uploads the frame: the run's seed and step counter (read by random ops) and the scalar
   * inputs given to writeInputs. A uniform, so none of them is ever part of the WGSL text.
   */
  writeFrame(seed: number, step: number): void {
    const head = new Uint32Array(this.frameData, 0, 2);
    head[0] = seed >>> 0;
    head[1] = step >>> 0;
    this.runtime.device.queue.writeBuffer(this.frame, 0, this.frameData);
  }

  private firstRunDone!: () => void;
  /** Resolves once the first encoded run's work is done on the device (GpuRuntime.holdPrewarm). */
  private readonly firstRun = new Promise<void>((resolve) => {
    this.firstRunDone = resolve;
  });
  private encoded = false;

  /** Encodes the whole program: one compute pass, then the variable updates. */
  encode(enc: GPUCommandEncoder): void {
    this.watchFirstRun();
    this.queueTierUp();
    const pass = enc.beginComputePass();
    for (const d of this.dispatches) this.encodeDispatch(pass, d);
    pass.end();
    for (const c of this.copies) enc.copyBufferToBuffer(c.src, 0, c.dst, 0, c.bytes);
  }

  /** Resolves firstRun once the first run's work is done (the first encode's task, then the device). */
  private watchFirstRun(): void {
    if (this.encoded) return;
    this.encoded = true;
    // After this task's submit (a staged run's last one), once the device has finished it.
    const after = () =>
      setTimeout(() => {
        this.runtime.device.queue.onSubmittedWorkDone().then(this.firstRunDone, () => undefined);
      }, 0);
    // A staged run submits its last part once every pipeline is in.
    this.compiled.then(after, () => undefined);
  }

  /** Starts tier-up once the first run's work is done. */
  private queueTierUp(): void {
    if (!this.first || this.tierUpQueued || this.spec.tierUp === "manual") return;
    this.tierUpQueued = true;
    this.firstRun.then(() => this.startTierUp());
  }

  /**
   * Encodes dispatch i alone, `times` times in one pass: for per-kernel profiling
   * (scripts/kernel-profile.ts), where a kernel's time is the difference it makes to a submit.
   */
  encodeKernel(enc: GPUCommandEncoder, i: number, times = 1): void {
    const d = this.dispatches[i];
    if (!d.pipeline) throw new Error("a pipeline of this program is still compiling (await compiled)");
    const pass = enc.beginComputePass();
    pass.setPipeline(d.pipeline);
    pass.setBindGroup(0, d.bindGroup);
    for (let t = 0; t < times; t++) pass.dispatchWorkgroups(d.groups[0], d.groups[1], d.groups[2]);
    pass.end();
  }

  /** The label of dispatch i (the IR values it computes). */
  kernelLabel(i: number): string {
    return this.plan.kernels[i].label;
  }

  /** Copies value v's result (its first `bytes`, default all) into dst at byteOffset (for staging). */
  copyResult(enc: GPUCommandEncoder, v: number, dst: GPUBuffer, byteOffset: number, bytes?: number): void {
    const n = bytes ?? 4 * size(this.spec.nodes[v].shape);
    enc.copyBufferToBuffer(this.storage(this.plan.resultOf(v)), 0, dst, byteOffset, n);
  }

  /** One run, waiting for the results: for grad passes, evaluation and tests, not the step loop. */
  async run(
    feeds: Record<string, ArrayLike<number>>,
    frame: { seed: number; step: number },
    read: number[],
  ): Promise<Float32Array[]> {
    for (const v of read) {
      if (!this.spec.outputs.includes(v))
        throw new Error(`%${v} ${fmt(this.spec.nodes[v].shape)} is not an output of this program`);
    }
    this.writeInputs(feeds);
    this.writeFrame(frame.seed, frame.step);
    const enc = this.runtime.device.createCommandEncoder();
    this.encode(enc);
    return this.runtime.readBuffers(
      read.map((v) => ({
        buffer: this.storage(this.plan.resultOf(v)),
        bytes: 4 * size(this.spec.nodes[v].shape),
      })),
      enc,
    );
  }

  destroy(): void {
    for (const b of this.owned) b.destroy();
  }
}

/** The planned program's class under its old name (index.ts exports it). */
export const GpuProgram = PlannedProgram;
