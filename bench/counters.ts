// Counts what every library asks of WebGPU, the same way for all of them: the prototypes
// are wrapped once, before any library opens a device, so TF.js, jax-js and wiregrad are
// measured by one yardstick (wiregrad's own GpuTrainSession.stats is reported beside it).

export const gpuCounts = { dispatches: 0, submits: 0, writeBuffers: 0, pipelines: 0 };

function wrap<T extends object>(proto: T, name: keyof T & string, count: () => void): void {
  const original = proto[name] as unknown as (...args: unknown[]) => unknown;
  if (typeof original !== "function") throw new Error(`WebGPU prototype has no ${name}`);
  Object.defineProperty(proto, name, {
    configurable: true,
    writable: true,
    value: function (this: unknown, ...args: unknown[]) {
      count();
      return original.apply(this, args);
    },
  });
}

let installed = false;

export function installGpuCounters(): void {
  if (installed) return;
  installed = true;
  wrap(GPUComputePassEncoder.prototype, "dispatchWorkgroups", () => gpuCounts.dispatches++);
  wrap(GPUQueue.prototype, "submit", () => gpuCounts.submits++);
  wrap(GPUQueue.prototype, "writeBuffer", () => gpuCounts.writeBuffers++);
  wrap(GPUDevice.prototype, "createComputePipeline", () => gpuCounts.pipelines++);
  wrap(GPUDevice.prototype, "createComputePipelineAsync", () => gpuCounts.pipelines++);
}

export function snapshot(): typeof gpuCounts {
  return { ...gpuCounts };
}
