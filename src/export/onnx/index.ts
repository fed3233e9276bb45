// ONNX export and import of wiregrad graphs: the public surface for the CLI and the editor.
export { exportOnnx, type OnnxExport, type OnnxExportOptions, type OnnxPort } from "./export";
export { IMPORTABLE_OPS, importOnnx, type OnnxImport } from "./import";
export { OPSET as ONNX_OPSET } from "./proto";
