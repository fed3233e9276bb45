// Malformed JSON is reported with a line and column, whatever the JavaScript engine says.
import { describe, expect, it } from "vitest";
import { findJsonSyntaxError } from "../../src/graph/json-error";
import { parseGraphDoc } from "../../src/graph/load";

describe("malformed JSON", () => {
  it("names the file, line and column", () => {
    const text = '{\n  "format": "wiregrad-graph",\n  "version" 1\n}';
    expect(parseGraphDoc(text, "mlp.json")).toEqual({
      ok: false,
      problems: [
        {
          path: "",
          line: 3,
          column: 13,
          message:
            'mlp.json: invalid JSON at line 3, column 13: unexpected "1"; expected ":" after the property name',
        },
      ],
    });
  });

  it.each([
    ["", 1, 1, "unexpected end of input; expected a value"],
    ['{"a": 1,}', 1, 8, 'trailing comma before "}"'],
    ["[1, 2,\n]", 1, 6, 'trailing comma before "]"'],
    ["{'a': 1}", 1, 2, "strings and names need double quotes"],
    ['{"a": 1 // note\n}', 1, 9, "JSON has no comments"],
    ['{"a": "x\ny"}', 1, 9, "line break inside a string"],
    ['{"a": "never closed}', 1, 7, "string is never closed"],
    ['{"a": tru}', 1, 7, "invalid word; expected true"],
    ['{"a": 01}', 1, 8, 'expected "," or "}"'],
    ['{"a": 1.}', 1, 9, "expected a digit"],
    ['{"a": NaN}', 1, 7, 'unexpected "N"; expected a value'],
    ['{"a": "\\x"}', 1, 8, 'invalid escape "\\\\x"'],
    ['{"a": 1} {}', 1, 10, "expected the end of the text"],
    ['{\n  "é": "ü", x', 2, 13, "expected a property name in double quotes"],
    ['[{"a": [1, 2}]', 1, 13, 'expected "," or "]"'],
  ])("%j → line %i, column %i", (text, line, column, reason) => {
    expect(() => JSON.parse(text)).toThrow();
    const found = findJsonSyntaxError(text);
    expect(found).toMatchObject({ line, column });
    expect(found?.reason).toContain(reason);
  });

  it("finds nothing in valid JSON", () => {
    expect(findJsonSyntaxError('{"a": [1, -2.5e+3, true, false, null, "\\u00e9\\n"]}')).toBeUndefined();
  });

  it("gives a message without a source when none is given", () => {
    const result = parseGraphDoc("{");
    expect(!result.ok && result.problems[0].message).toBe(
      "invalid JSON at line 1, column 2: unexpected end of input; expected a property name in double quotes",
    );
  });
});
