// Why a file (or a link, or a saved graph) did not open: every problem with where it is.
// The graph on the canvas is untouched.
import type { Problem } from "../../graph/problem";
import { Dialog } from "./Dialog";

export function ProblemsDialog({
  title,
  problems,
  note = "Nothing was changed: the graph you were editing is still here.",
}: {
  title: string;
  problems: Problem[];
  /** What happened to the graph; by default, that nothing did. */
  note?: string;
}) {
  return (
    <Dialog title={title} wide testId="load-problems">
      <p>{note}</p>
      <table className="problems-table">
        <thead>
          <tr>
            <th>where</th>
            <th>problem</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p) => (
            <tr key={`${p.path}|${p.message}`}>
              <td>
                <code>{p.path || (p.line ? `line ${p.line}, column ${p.column}` : "document")}</code>
              </td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
