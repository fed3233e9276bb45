export { acquireGpu, type GpuContext, NoWebGpuError, SWIFTSHADER_ICD } from "./device";
export { GpuProgram, type GpuProgramSpec, GpuRuntime, GpuVariables } from "./executor";
export { GpuCompileError, PipelineCache } from "./pipelines";
export { type BufferPlan, describePlan, type PlanStats, planProgram } from "./plan";
export { ReadbackRing, type Row } from "./readback";
