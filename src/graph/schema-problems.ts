// Turns zod issues into Problems whose messages a student can act on. zod's own messages
// ("Invalid input: expected number, received string") name neither the node nor the value.
import type { z } from "zod";
import { describeValue, type PathSegment, type Problem, problemAt } from "./problem";

const EXPECTED: Record<string, string> = {
  number: "a number",
  int: "an integer",
  string: "a string",
  boolean: "true or false",
  array: "an array",
  object: "an object",
  record: "an object",
  null: "null",
};

function expectedName(expected: string): string {
  return EXPECTED[expected] ?? expected;
}

function bound(kind: "least" | "most", limit: number | bigint, inclusive: boolean): string {
  if (inclusive) return `at ${kind} ${limit}`;
  return kind === "least" ? `greater than ${limit}` : `less than ${limit}`;
}

/**
 * The per-parse error map: the message for each issue, written from the issue and the value
 * found. Messages set on a schema itself (node ids, unions) take precedence over this one.
 */
export function graphIssueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  const got = describeValue(issue.input);
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return `missing; expected ${expectedName(issue.expected)}`;
      return `expected ${expectedName(issue.expected)}, got ${got}`;
    case "too_small":
      if (issue.origin === "string" && Number(issue.minimum) === 1) return "must not be empty";
      if (issue.origin === "array") return `must have at least ${issue.minimum} items`;
      return `must be ${bound("least", issue.minimum, issue.inclusive ?? true)}, got ${got}`;
    case "too_big":
      if (issue.origin === "array") return `must have at most ${issue.maximum} items`;
      return `must be ${bound("most", issue.maximum, issue.inclusive ?? true)}, got ${got}`;
    case "invalid_value": {
      const allowed = issue.values.map((v) => JSON.stringify(v));
      const expected = allowed.length === 1 ? allowed[0] : `one of ${allowed.join(", ")}`;
      return `expected ${expected}, got ${got}`;
    }
    case "invalid_format":
      if (issue.format === "base64") return "is not valid base64 (A-Z, a-z, 0-9, +, / with = padding)";
      return `has the wrong format (${issue.format}), got ${got}`;
    default:
      return undefined;
  }
}

function relativeDepth(issues: readonly z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}

/**
 * zod reports a failed union as the failures of every branch. Show only the branch the author
 * evidently meant: one that got past the value's own level (so `{shape, data: [1, "x"]}` is
 * judged as an array weight), and among those the one whose fields fit best: fewest missing,
 * unknown or mistyped fields, then fewest complaints overall (a weight with a thousand bad
 * numbers is still an array weight). When no branch matched even the kind of value, the
 * union's own message says what was expected.
 */
function intendedBranch(branches: readonly z.core.$ZodIssue[][]): z.core.$ZodIssue[] | undefined {
  const weight = (i: z.core.$ZodIssue) => (i.code === "unrecognized_keys" ? i.keys.length : 1);
  const misfit = (issues: readonly z.core.$ZodIssue[]) =>
    issues.filter((i) => i.path.length <= 1).reduce((n, i) => n + weight(i), 0);
  const total = (issues: readonly z.core.$ZodIssue[]) => issues.reduce((n, i) => n + weight(i), 0);
  const better = (a: z.core.$ZodIssue[], b: z.core.$ZodIssue[]) =>
    misfit(a) !== misfit(b) ? misfit(a) < misfit(b) : total(a) < total(b);
  let best: z.core.$ZodIssue[] | undefined;
  for (const branch of branches) {
    if (relativeDepth(branch) === 0 && !branch.some((i) => i.code === "unrecognized_keys")) continue;
    if (best === undefined || better(branch, best)) best = branch;
  }
  return best;
}

function collect(root: unknown, base: PathSegment[], issues: readonly z.core.$ZodIssue[], out: Problem[]) {
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) out.push(problemAt(root, [...path, key], "unknown field"));
    } else if (issue.code === "invalid_union") {
      const branch = intendedBranch(issue.errors);
      if (branch === undefined) out.push(problemAt(root, path, issue.message));
      else collect(root, path, branch, out);
    } else {
      out.push(problemAt(root, path, issue.message));
    }
  }
}

/** Problems for a failed parse; `root` is the value that was parsed, used to name nodes by id. */
export function issuesToProblems(root: unknown, issues: readonly z.core.$ZodIssue[]): Problem[] {
  const out: Problem[] = [];
  collect(root, [], issues, out);
  return out;
}
