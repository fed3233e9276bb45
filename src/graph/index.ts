// The GraphDoc layer: types, schema, migrations, loading and saving. No React, no DOM.
export * from "./doc";
export { graphDocJsonSchema, graphDocJsonSchemaText } from "./json-schema";
export {
  decodeWeight,
  encodeWeight,
  type LoadResult,
  loadGraphDoc,
  parseGraphDoc,
  serializeGraphDoc,
} from "./load";
export {
  CURRENT_VERSION,
  MIGRATIONS,
  type MigrateResult,
  type Migration,
  type Migrations,
  migrate,
} from "./migrate";
export { formatPath, type Problem, problemAt } from "./problem";
export { type GraphDocInput, graphDocSchema } from "./schema";
export { checkStructure } from "./structure";
export { shapeSize, type WeightForm } from "./weights";
