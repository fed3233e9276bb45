import type { IRNode } from "./prims";

/** A readable listing of an IR program, one op per line: `%7 = matmul %3, %6  [32, 16]`. */
export function printIR(nodes: readonly IRNode[], names?: Map<number, string>): string {
  return nodes
    .map((n) => {
      const args = n.inputs.map((i) => `%${i}`).join(", ");
      const attrs = Object.entries(n.attrs as Record<string, unknown>)
        .map(([k, v]) => {
          if (k !== "data") return `${k}=${JSON.stringify(v)}`;
          const d = v as ArrayLike<number>;
          return d.length === 1 ? `value=${d[0]}` : `data=<${d.length} values>`;
        })
        .join(" ");
      const label = names?.get(n.id);
      return `%${n.id} = ${n.prim}${args ? ` ${args}` : ""}${attrs ? ` {${attrs}}` : ""}  [${n.shape.join(", ")}]${label ? `  // ${label}` : ""}`;
    })
    .join("\n");
}
