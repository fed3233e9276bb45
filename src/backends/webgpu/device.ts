// Acquires a WebGPU device: the page's `navigator.gpu` in a browser or Worker, or the npm
// package `webgpu` (Dawn) in Node. On a machine without a GPU, Node reaches SwiftShader
// through Vulkan; see "WebGPU on machines without a GPU" in the design notes.

/** Where Debian's chromium package ships SwiftShader's Vulkan ICD. */
export const SWIFTSHADER_ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";

export class NoWebGpuError extends Error {
  override name = "NoWebGpuError";
}

export interface GpuContext {
  device: GPUDevice;
  /** "vendor/architecture", e.g. "google/swiftshader". */
  adapter: string;
  /** True on a software rasteriser, where barriers are costly and register tiling wins. */
  software: boolean;
}

const NODE_HELP =
  "WebGPU in Node needs the npm package `webgpu` and a Vulkan driver Dawn accepts. On a machine " +
  "without a GPU: `apt-get install libvulkan1 chromium` (chromium ships SwiftShader's Vulkan ICD at " +
  `${SWIFTSHADER_ICD}), then run with VK_ICD_FILENAMES=${SWIFTSHADER_ICD} (set automatically when that file exists).`;

const BROWSER_HELP =
  "this browser offers no WebGPU adapter; in Chromium without a GPU start it with --enable-unsafe-webgpu";

function isNode(): boolean {
  return typeof process !== "undefined" && !!process.versions?.node && typeof navigator === "undefined";
}

// Dawn in Node lives as long as the object `create` returned is referenced; keep one per process.
let nodeGpu: GPU | undefined;

async function nodeGpuInstance(): Promise<GPU> {
  if (nodeGpu) return nodeGpu;
  const { existsSync } = await import("node:fs");
  // Must be set before Dawn loads Vulkan: point it at SwiftShader unless the user chose a driver.
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD))
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  let mod: { create(options: string[]): GPU };
  try {
    // A variable specifier keeps bundlers from pulling the Node-only package into the web app.
    const name = "webgpu";
    mod = (await import(/* @vite-ignore */ name)) as typeof mod;
  } catch (e) {
    throw new NoWebGpuError(`cannot load the npm package "webgpu" (${(e as Error).message}). ${NODE_HELP}`);
  }
  nodeGpu = mod.create([]);
  return nodeGpu;
}

/** The storage-buffer limit we ask for: fused kernels read many inputs at once. */
function wantedLimits(adapter: GPUAdapter): Record<string, number> {
  return {
    maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    maxBufferSize: adapter.limits.maxBufferSize,
    maxComputeWorkgroupsPerDimension: adapter.limits.maxComputeWorkgroupsPerDimension,
  };
}

/** Finds an adapter and opens a device, or throws NoWebGpuError saying what to install. */
export async function acquireGpu(): Promise<GpuContext> {
  const node = isNode();
  const gpu = node ? await nodeGpuInstance() : (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) throw new NoWebGpuError(node ? NODE_HELP : BROWSER_HELP);
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (e) {
    throw new NoWebGpuError(
      `requestAdapter failed (${(e as Error).message}). ${node ? NODE_HELP : BROWSER_HELP}`,
    );
  }
  if (!adapter) throw new NoWebGpuError(`no WebGPU adapter found. ${node ? NODE_HELP : BROWSER_HELP}`);
  const device = await adapter.requestDevice({ requiredLimits: wantedLimits(adapter) });
  const info = adapter.info;
  const name = `${info?.vendor || "unknown"}/${info?.architecture || "unknown"}`;
  return {
    device,
    adapter: name,
    software:
      /swiftshader|llvmpipe|lavapipe/i.test(`${name} ${info?.description ?? ""}`) ||
      !!info?.isFallbackAdapter,
  };
}

/** What one dispatch and one submit cost on a device, measured (for the backend choice). */
export interface DispatchCosts {
  /** Milliseconds per extra dispatch of a trivial kernel inside one compute pass. */
  dispatchMs: number;
  /** Milliseconds for a submit of one trivial dispatch, waited for. */
  submitMs: number;
}

const measured = new WeakMap<GPUDevice, Promise<DispatchCosts>>();

/**
 * Measures once per device: a submit of 1 and of 257 dispatches of a small dependent
 * elementwise kernel, each waited for (onSubmittedWorkDone), best of three. SwiftShader gives ~0.1–0.2 ms per dispatch;
 * a real GPU a few µs.
 */
export function measureDispatchCost(device: GPUDevice): Promise<DispatchCosts> {
  let m = measured.get(device);
  if (!m) {
    m = (async () => {
      // A small elementwise kernel like the step's own (64 workgroups of 64 threads), each
      // dispatch reading what the previous one wrote, so the barriers between them count too.
      const module = device.createShaderModule({
        code: `@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> b: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) { b[g.x] = a[g.x] * 0.5 + 1.0; }`,
      });
      const pipeline = await device.createComputePipelineAsync({
        layout: "auto",
        compute: { module, entryPoint: "main" },
      });
      const buffers = [0, 1].map(() => device.createBuffer({ size: 4 * 4096, usage: 0x0080 /* STORAGE */ }));
      const groups = [0, 1].map((k) =>
        device.createBindGroup({
          layout: pipeline.getBindGroupLayout(0),
          entries: [
            { binding: 0, resource: { buffer: buffers[k] } },
            { binding: 1, resource: { buffer: buffers[1 - k] } },
          ],
        }),
      );
      const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());
      const time = async (dispatches: number) => {
        let best = Number.POSITIVE_INFINITY;
        for (let r = 0; r < 3; r++) {
          const t0 = now();
          const enc = device.createCommandEncoder();
          const pass = enc.beginComputePass();
          pass.setPipeline(pipeline);
          for (let k = 0; k < dispatches; k++) {
            pass.setBindGroup(0, groups[k % 2]);
            pass.dispatchWorkgroups(64);
          }
          pass.end();
          device.queue.submit([enc.finish()]);
          await device.queue.onSubmittedWorkDone();
          best = Math.min(best, now() - t0);
        }
        return best;
      };
      await time(1); // warm-up
      const one = await time(1);
      // Enough dispatches that their cost stands out of a submit's noise (~1–4 ms on SwiftShader).
      const many = await time(257);
      for (const b of buffers) b.destroy();
      return { dispatchMs: Math.max(0.001, (many - one) / 256), submitMs: one };
    })();
    measured.set(device, m);
  }
  return m;
}
