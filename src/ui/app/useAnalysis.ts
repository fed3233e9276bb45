import { useMemo } from "react";
import type { Analysis } from "../../compile/analyze";
import type { GraphDoc } from "../../graph/doc";
import { createAnalysisCache } from "../state/analysisCache";
import { type Diagnostic, diagnose } from "../state/diagnostics";

// Shared by the canvas, the inspector and the problems list, so one edit analyses once.
const analyzeCached = createAnalysisCache();
const diagnosed = new WeakMap<Analysis, Diagnostic[]>();

export function analysisOf(doc: GraphDoc): { analysis: Analysis; diagnostics: Diagnostic[] } {
  const analysis = analyzeCached(doc);
  let diagnostics = diagnosed.get(analysis);
  if (!diagnostics) {
    diagnostics = diagnose(doc, analysis);
    diagnosed.set(analysis, diagnostics);
  }
  return { analysis, diagnostics };
}

export function useAnalysis(doc: GraphDoc) {
  return useMemo(() => analysisOf(doc), [doc]);
}
