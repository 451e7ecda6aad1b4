// RFC 4180 CSV with the position of every field, so that an error can name
// `people.csv:LINE:COL`. Fields are separated by commas, records by CRLF or LF; a field in
// double quotes may hold commas, line breaks and `""` (one quote). A byte-order mark (as
// Excel writes) is skipped; blank lines are skipped. Written by hand because the CSV
// libraries report a record's line but not where each field starts.

export interface CsvField {
  value: string;
  /** 1-based line and column where the field starts (its opening quote, if quoted) */
  line: number;
  col: number;
  /** written in double quotes */
  quoted: boolean;
}

export type CsvRecord = CsvField[];

export interface CsvError {
  message: string;
  line: number;
  col: number;
}

export function parseCsv(text: string): { records: CsvRecord[]; errors: CsvError[] } {
  const records: CsvRecord[] = [];
  const errors: CsvError[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = i;
  const n = text.length;
  while (i < n) {
    const record: CsvRecord = [];
    let blank = true;
    for (;;) {
      const field: CsvField = { value: "", line, col: i - lineStart + 1, quoted: false };
      if (text[i] === '"') {
        blank = false;
        field.quoted = true;
        const open = { line, col: i - lineStart + 1 };
        i++;
        let value = "";
        let closed = false;
        while (i < n) {
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === "\n") {
            line++;
            lineStart = i + 1;
          }
          value += c;
          i++;
        }
        if (!closed) {
          errors.push({ message: "a quoted field is not closed (a `\"` is missing)", ...open });
          return { records, errors };
        }
        field.value = value;
        // Only a separator or the end of the record may follow the closing quote.
        if (i < n && text[i] !== "," && text[i] !== "\n" && !(text[i] === "\r" && text[i + 1] === "\n")) {
          errors.push({ message: 'text after the closing quote of a field (a quote inside a field is written "")', line, col: i - lineStart + 1 });
          while (i < n && text[i] !== "," && text[i] !== "\n") i++;
        }
      } else {
        const start = i;
        while (i < n && text[i] !== "," && text[i] !== "\n" && !(text[i] === "\r" && text[i + 1] === "\n")) i++;
        field.value = text.slice(start, i);
        if (field.value !== "") blank = false;
        const quote = field.value.indexOf('"');
        if (quote >= 0) {
          errors.push({ message: 'a quote inside a field that does not start with one (quote the whole field and write the quote as "")', line, col: start - lineStart + quote + 1 });
        }
      }
      record.push(field);
      if (text[i] === ",") {
        blank = false;
        i++;
        continue;
      }
      // End of record: CRLF, LF or the end of the text.
      if (text[i] === "\r") i++;
      if (text[i] === "\n") {
        i++;
        line++;
        lineStart = i;
      }
      break;
    }
    if (!blank) records.push(record);
  }
  return { records, errors };
}
