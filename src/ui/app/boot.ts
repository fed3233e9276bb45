// What opens when the page loads, in order of precedence: a shared link (#g=…), a preset
// (?preset=NAME), else the graph that was open last. Autosave starts first, so whatever
// opens is kept, and flushes when the page is hidden so a closed tab loses nothing.
import { type Autosave, restoreLast, startAutosave } from "../state/autosave";
import { newGraphId } from "../state/graphStorage";
import { readLaunchOptions } from "../state/launchOptions";
import { decodeShare } from "../state/shareCodec";
import type { Theme } from "../state/viewStore";
import { loadPreset, openDoc } from "./commands";
import { editor, storage, view } from "./session";

function initialTheme(asked: Theme | null): Theme {
  if (asked) return asked;
  const saved = localStorage.getItem("wiregrad.theme");
  if (saved === "light" || saved === "dark") return saved;
  return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/** Drops ?preset and #g= from the address once they are loaded, so a reload restores the edits instead. */
function forgetLaunchParams(keepPreset: boolean) {
  const url = new URL(location.href);
  if (!keepPreset) url.searchParams.delete("preset");
  url.hash = "";
  history.replaceState(null, "", url);
}

export async function boot(): Promise<Autosave> {
  const opts = readLaunchOptions(location.search, location.hash);
  view.setState({ theme: initialTheme(opts.theme), present: opts.present, embed: opts.embed });

  const autosave = startAutosave(editor, storage);
  const flush = () => void autosave.flush();
  addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && flush());

  let opened = false;
  if (opts.shared) {
    const r = decodeShare(opts.shared);
    if (r.ok) {
      openDoc(r.doc, newGraphId());
      opened = true;
    } else {
      view
        .getState()
        .open({ kind: "problems", title: "The shared link could not be opened", problems: r.problems });
    }
  }
  if (!opened && opts.preset) opened = loadPreset(opts.preset);
  if (opened || opts.shared) forgetLaunchParams(opts.embed);
  if (!opened) {
    const r = await restoreLast(storage);
    if (r.kind === "restored") editor.getState().load(r.doc, r.graphId);
    else if (r.kind === "unreadable") {
      view
        .getState()
        .open({ kind: "problems", title: "The last graph could not be restored", problems: r.problems });
      editor.getState().load(editor.getState().doc, newGraphId());
    } else editor.getState().load(editor.getState().doc, newGraphId());
  }
  return autosave;
}
