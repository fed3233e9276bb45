// What the page's URL asks for: ?present=1, ?embed=1, ?preset=NAME, ?theme=dark, #g=<shared graph>.
import { shareCodeIn } from "./shareCodec";

export interface LaunchOptions {
  present: boolean;
  embed: boolean;
  preset: string | null;
  theme: "light" | "dark" | null;
  shared: string | null;
}

const truthy = (v: string | null) => v !== null && v !== "0" && v !== "false";

export function readLaunchOptions(search: string, hash: string): LaunchOptions {
  const q = new URLSearchParams(search);
  const theme = q.get("theme");
  return {
    present: truthy(q.get("present")),
    embed: truthy(q.get("embed")),
    preset: q.get("preset"),
    theme: theme === "light" || theme === "dark" ? theme : null,
    shared: shareCodeIn(hash),
  };
}
