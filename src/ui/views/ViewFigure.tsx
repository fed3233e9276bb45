// Draws one output view, whichever kind it is, at the given size and font.
import { memo } from "react";
import type { OutputView, OutputViewKind } from "../../train/live/types";
import { CategoricalView } from "./CategoricalView";
import { DecisionBoundaryView } from "./DecisionBoundaryView";
import { EmbeddingView } from "./EmbeddingView";
import { FitCurveView } from "./FitCurveView";
import { GenerativeView } from "./GenerativeView";
import { ImagePredictionsView } from "./ImagePredictionsView";
import { LossSurfaceView } from "./LossSurfaceView";
import type { Size } from "./plot";
import { Samples2dView } from "./Samples2dView";
import { SequenceView } from "./SequenceView";
import { TracesView } from "./TracesView";

/** What each view is called in the selector and the panel's title. */
export const VIEW_TITLES: Record<OutputViewKind, string> = {
  "decision-boundary": "Decision boundary",
  "fit-curve": "Fitted curve",
  "image-predictions": "Test predictions",
  generative: "Samples and latent space",
  "loss-surface": "Loss surface",
  sequence: "Sequence prediction",
  "embedding-scatter": "Embedding",
  "samples-2d": "Real and generated",
  categorical: "Learned distribution",
  traces: "Parameters over time",
};

/**
 * Memoised on the view object and the size's numbers: the panel around it re-renders with
 * every live update (step counter, metrics), and redrawing a figure that did not change cost
 * the page most of its frames.
 */
export const ViewFigure = memo(
  ViewFigureOf,
  (a, b) =>
    a.view === b.view &&
    a.font === b.font &&
    a.size.width === b.size.width &&
    a.size.height === b.size.height,
);

function ViewFigureOf({ view, size, font }: { view: OutputView; size: Size; font: number }) {
  switch (view.kind) {
    case "decision-boundary":
      return <DecisionBoundaryView view={view} size={size} font={font} />;
    case "fit-curve":
      return <FitCurveView view={view} size={size} font={font} />;
    case "image-predictions":
      return <ImagePredictionsView view={view} size={size} font={font} />;
    case "generative":
      return <GenerativeView view={view} size={size} font={font} />;
    case "loss-surface":
      return <LossSurfaceView view={view} size={size} font={font} />;
    case "sequence":
      return <SequenceView view={view} size={size} font={font} />;
    case "embedding-scatter":
      return <EmbeddingView view={view} size={size} font={font} />;
    case "samples-2d":
      return <Samples2dView view={view} size={size} font={font} />;
    case "categorical":
      return <CategoricalView view={view} size={size} font={font} />;
    case "traces":
      return <TracesView view={view} size={size} font={font} />;
  }
}
