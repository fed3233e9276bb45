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
