/**
 * The records of a CSV text (RFC 4180): fields in double quotes may hold the delimiter, line
 * breaks and doubled quotes; a byte-order mark is dropped; CRLF and LF both end a record. The
 * delimiter is the comma, or the semicolon when the first line has semicolons and no comma, as
 * spreadsheets write CSV in locales whose decimal mark is a comma. Each record carries the line
 * it starts on, for error messages. Null when a quoted field never closes.
 */
export function csvRecords(text: string): { line: number; fields: string[] }[] | null {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    // A blank line is no record (a file often ends with one, or several).
    if (fields.length > 1 || fields[0] !== '') records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  while (i < body.length) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else if (c === '\r' && body[i + 1] === '\n') {
      i++;
      continue;
    } else if (c === '\n') {
      endRecord();
      line++;
      recordLine = line;
    } else field += c;
    i++;
  }
  if (quoted) return null;
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}
