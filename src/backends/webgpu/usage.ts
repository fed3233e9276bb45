// GPUBufferUsage / GPUMapMode bit values, fixed by the WebGPU spec. Spelled out here so the
// backend works in Node without copying the `webgpu` package's globals onto globalThis.

export const BufferUsage = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
} as const;

export const MapMode = { READ: 0x0001 } as const;

/** Storage buffers bound at an offset must start on this boundary (the spec's default limit). */
export const STORAGE_ALIGN = 256;
