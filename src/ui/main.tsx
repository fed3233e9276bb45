import "@xyflow/react/dist/style.css";
import "./styles/theme.css";
import "./styles/app.css";
import "./styles/canvas.css";
import "./styles/panels.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { boot } from "./app/boot";

const root = createRoot(document.getElementById("root")!);
// Boot first: the first render then shows the restored graph, not a flash of an empty one.
void boot().finally(() =>
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
