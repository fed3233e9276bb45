// The GraphDoc schema in zod: the one definition that validation, the published JSON Schema
// (public/graphdoc.schema.json) and the error messages all come from.
import { z } from "zod";
import {
  CURRENT_VERSION,
  DEFAULT_TRAINING,
  GRAPH_FORMAT,
  type GraphDoc,
  NODE_ID_PATTERN,
  type ParamScalar,
  type ParamValue,
  type WeightTensor,
} from "./doc";
import { describeValue } from "./problem";

const nodeId = z
  .string()
  .regex(NODE_ID_PATTERN, {
    error: (issue) =>
      `expected a node id (a letter or "_", then letters, digits, "_" or "-"), got ${describeValue(issue.input)}`,
  })
  .describe("Unique node id: a letter or _, then letters, digits, _ or -.");

const paramScalar = z.union([z.number(), z.string(), z.boolean(), z.null()], {
  error: (issue) => `expected a number, string, boolean or null, got ${describeValue(issue.input)}`,
});

// Recursive: a Constant's value or an initial tensor is written as nested arrays.
const paramValue: z.ZodType<ParamValue> = z
  .lazy(() =>
    z.union([paramScalar, z.array(paramValue)], {
      error: (issue) =>
        `expected a number, string, boolean, null or an array of those, got ${describeValue(issue.input)}`,
    }),
  )
  .meta({ id: "ParamValue", description: "A block parameter: plain JSON, arrays may nest." });

// A dimension of 0 is allowed: empty tensors are legal, if rare.
const shape = z.array(z.int().min(0)).describe("Tensor shape, PyTorch order (Linear.weight is [out, in]).");

const arrayWeight = z.strictObject({
  shape,
  data: z.array(z.number()).describe("Values in row-major order; length is the product of shape."),
});

const base64Weight = z.strictObject({
  shape,
  dtype: z.literal("float32"),
  base64: z.base64().describe("Little-endian float32 values in row-major order, base64 with padding."),
});

export const weightTensorSchema = z
  .union([arrayWeight, base64Weight], {
    error: (issue) =>
      `expected a weight tensor {shape, data} or {shape, dtype: "float32", base64}, got ${describeValue(issue.input)}`,
  })
  .meta({ id: "WeightTensor", description: "A weight as plain numbers, or as float32 bytes in base64." });

const portRef = z.strictObject({
  node: z.string().min(1),
  port: z.string().min(1),
});

export const graphNodeSchema = z.strictObject({
  id: nodeId,
  type: z.string().min(1).describe("Block type, e.g. Linear, Conv2d, ReLU, CrossEntropyLoss, Adam."),
  params: z.record(z.string(), paramValue),
  position: z.strictObject({ x: z.number(), y: z.number() }),
  weights: z.record(z.string(), weightTensorSchema).optional(),
  frozen: z.boolean().optional(),
});

export const graphEdgeSchema = z.strictObject({
  id: z.string().min(1),
  source: portRef,
  target: portRef,
});

export const trainingSettingsSchema = z.strictObject({
  batch_size: z.int().min(1).default(DEFAULT_TRAINING.batch_size),
  seed: z.int().default(DEFAULT_TRAINING.seed),
  steps: z.int().min(1).optional(),
  log_every: z.int().min(1).optional(),
  test_fraction: z.number().min(0).max(0.9).default(DEFAULT_TRAINING.test_fraction),
  metrics: z.record(z.string(), z.number()).optional().describe("Final metrics, written after training."),
});

// Loose on purpose: meta is where tools and people leave their own notes.
export const graphMetaSchema = z.looseObject({
  title: z.string().optional(),
  description: z.string().optional(),
  note: z.string().optional(),
  topic: z.string().optional(),
  target: z.string().optional(),
  created: z.string().optional(),
});

export const graphDocSchema = z
  .strictObject({
    $schema: z.string().optional(),
    format: z.literal(GRAPH_FORMAT),
    version: z.literal(CURRENT_VERSION),
    meta: graphMetaSchema,
    nodes: z.array(graphNodeSchema),
    edges: z.array(graphEdgeSchema),
    training: trainingSettingsSchema.optional(),
  })
  .meta({
    title: "wiregrad GraphDoc",
    description: "A wiregrad graph: parameterised blocks, the wires between them and training settings.",
  });

/** What a file may contain: the defaults (batch_size, seed, test_fraction) may be left out. */
export type GraphDocInput = z.input<typeof graphDocSchema>;

// Compile-time proof that the hand-written types in doc.ts and the schema agree, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
true satisfies Same<z.output<typeof graphDocSchema>, GraphDoc>;
true satisfies Same<z.output<typeof weightTensorSchema>, WeightTensor>;
true satisfies Same<z.output<typeof paramValue>, ParamValue>;
true satisfies Same<z.output<typeof paramScalar>, ParamScalar>;
