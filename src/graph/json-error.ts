// Where a JSON text goes wrong. JSON.parse's messages differ between engines and versions,
// and some V8 versions give no position at all, so a small strict scanner (RFC 8259) is run
// after JSON.parse has failed, to name a line, a column and a reason a person can act on.

export interface JsonSyntaxError {
  /** 1-based line. */
  line: number;
  /** 1-based column, counted in characters (code points). */
  column: number;
  reason: string;
}

class ScanError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const HINTS: Record<string, string> = {
  "'": "; strings and names need double quotes",
  "/": "; JSON has no comments",
};

function scan(text: string): void {
  let pos = 0;
  const fail = (reason: string, at = pos): never => {
    throw new ScanError(at, reason);
  };
  const skipSpace = () => {
    while (pos < text.length && " \t\n\r".includes(text[pos])) pos++;
  };
  const unexpected = (expected: string): never => {
    if (pos >= text.length) return fail(`unexpected end of input; expected ${expected}`);
    const ch = text[pos];
    return fail(`unexpected ${JSON.stringify(ch)}; expected ${expected}${HINTS[ch] ?? ""}`);
  };

  const word = (literal: string) => {
    if (text.startsWith(literal, pos)) pos += literal.length;
    else fail(`invalid word; expected ${literal}`);
  };

  const digits = () => {
    const start = pos;
    while (pos < text.length && text[pos] >= "0" && text[pos] <= "9") pos++;
    if (pos === start) unexpected("a digit");
  };

  const number = () => {
    if (text[pos] === "-") pos++;
    if (text[pos] === "0") pos++;
    else digits();
    if (text[pos] === ".") {
      pos++;
      digits();
    }
    if (text[pos] === "e" || text[pos] === "E") {
      pos++;
      if (text[pos] === "+" || text[pos] === "-") pos++;
      digits();
    }
  };

  const string = () => {
    const start = pos++;
    while (pos < text.length) {
      const ch = text[pos];
      if (ch === '"') {
        pos++;
        return;
      }
      if (ch === "\\") {
        const esc = text[pos + 1];
        if (esc === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) fail("invalid \\u escape in string");
          pos += 6;
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) {
          pos += 2;
        } else {
          fail(`invalid escape ${JSON.stringify(`\\${esc ?? ""}`)} in string`);
        }
      } else if (ch < " ") {
        fail(
          ch === "\n" ? "line break inside a string (write it as \\n)" : "control character inside a string",
        );
      } else {
        pos++;
      }
    }
    fail("string is never closed", start);
  };

  // Containers share one shape: open, items separated by commas, close, no trailing comma.
  const container = (close: "}" | "]", item: () => void) => {
    pos++;
    skipSpace();
    if (text[pos] === close) {
      pos++;
      return;
    }
    for (;;) {
      item();
      skipSpace();
      if (text[pos] === close) {
        pos++;
        return;
      }
      if (text[pos] !== ",") unexpected(`"," or "${close}"`);
      const comma = pos++;
      skipSpace();
      if (text[pos] === close) fail(`trailing comma before "${close}"`, comma);
    }
  };

  const member = () => {
    skipSpace();
    if (text[pos] !== '"') unexpected("a property name in double quotes");
    string();
    skipSpace();
    if (text[pos] !== ":") unexpected('":" after the property name');
    pos++;
    value();
  };

  const value = (): void => {
    skipSpace();
    const ch = text[pos];
    if (ch === "{") container("}", member);
    else if (ch === "[") container("]", value);
    else if (ch === '"') string();
    else if (ch === "t") word("true");
    else if (ch === "f") word("false");
    else if (ch === "n") word("null");
    else if (ch === "-" || (ch >= "0" && ch <= "9")) number();
    else unexpected("a value");
  };

  value();
  skipSpace();
  if (pos < text.length) unexpected("the end of the text after the JSON value");
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  const line = before.split("\n").length;
  return { line, column: Array.from(before.slice(lineStart)).length + 1 };
}

/** The first syntax error in `text`, or undefined if the scanner finds none. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  try {
    scan(text);
    return undefined;
  } catch (error) {
    if (!(error instanceof ScanError)) return undefined; // e.g. nesting too deep for the stack
    return { ...lineAndColumn(text, error.offset), reason: error.reason };
  }
}
