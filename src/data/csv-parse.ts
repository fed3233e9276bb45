/** A small RFC 4180 reader: quoted fields, "" escapes, CRLF/LF/CR line ends, a BOM. */

export interface CsvRecord {
  /** 1-based line of the file where the record starts (the header is usually line 1). */
  line: number;
  fields: string[];
}

export type CsvParseResult = { ok: true; records: CsvRecord[] } | { ok: false; error: string };

export function parseCsvRecords(text: string, delimiter = ","): CsvParseResult {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") {
    return {
      ok: false,
      error: `delimiter must be one character other than a quote or newline, got ${JSON.stringify(delimiter)}`,
    };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let quotedAt = 0; // line of the opening quote, for the unterminated-quote error
  let inQuotes = false;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    // A blank line is a separator, not a record with one empty field.
    if (!(fields.length === 1 && fields[0].trim() === "")) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
  };
  while (i < text.length) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
      } else {
        if (ch === "\n" || (ch === "\r" && text[i + 1] !== "\n")) line++;
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field.trim() === "") {
      inQuotes = true;
      quotedAt = line;
      field = "";
    } else if (ch === delimiter) {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += ch;
    }
    i++;
  }
  if (inQuotes) return { ok: false, error: `line ${quotedAt}: a quoted field is never closed` };
  if (field !== "" || fields.length > 0) endRecord();
  return { ok: true, records };
}
