/**
 * `snapshot --excel-safe`: Excel-safe copies of a snapshot's CSV files in `excel-safe/`. A
 * spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` as a formula (and tab or CR
 * lead to the same through its import), and the BOM makes Excel open the file directly, so a
 * title like `=HYPERLINK("http://evil","点此")` would be live. In the copies such a cell gets a
 * leading `'`; a plain number (`-3`, `-12.5`) stays a number. The research files themselves
 * are never touched: they keep every value exactly as published.
 */
import { createReadStream, createWriteStream, mkdirSync, readdirSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { BOM, csvField } from './csv.js';

/** The folder of the copies, inside the snapshot folder. */
export const EXCEL_SAFE_DIR = 'excel-safe';

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** A cell as an Excel-safe copy shows it: a leading `'` when Excel would read a formula. */
export function excelSafeCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/**
 * Reads an RFC 4180 CSV file (the snapshot's own dialect: BOM, `\n` records, `"` quoting)
 * record by record without holding it whole; calls `onRecord` with each record's fields.
 */
async function forEachRecord(file: string, onRecord: (fields: string[]) => Promise<void> | void): Promise<void> {
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let first = true;
  let pendingField = false;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
    let text = chunk as string;
    if (first) {
      first = false;
      if (text.startsWith(BOM)) text = text.slice(1);
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          quoted = false;
          afterQuote = true;
        } else field += c;
        continue;
      }
      if (c === '"') {
        if (afterQuote) field += '"'; // a doubled quote inside a quoted field
        quoted = true;
        afterQuote = false;
        pendingField = true;
      } else if (c === ',') {
        fields.push(field);
        field = '';
        afterQuote = false;
        pendingField = true;
      } else if (c === '\n') {
        fields.push(field);
        await onRecord(fields);
        fields = [];
        field = '';
        afterQuote = false;
        pendingField = false;
      } else {
        field += c;
        afterQuote = false;
        pendingField = true;
      }
    }
  }
  if (quoted) throw new Error(`${file}: unterminated quoted field at the end`);
  if (pendingField || field !== '' || fields.length) {
    fields.push(field);
    await onRecord(fields);
  }
}

/** Writes the Excel-safe copy of one CSV file to `out`. */
export async function writeExcelSafeCopy(file: string, out: string): Promise<void> {
  const ws = createWriteStream(out);
  const write = async (s: string) => {
    if (!ws.write(s)) await once(ws, 'drain');
  };
  try {
    await write(BOM);
    await forEachRecord(file, (fields) => write(`${fields.map((f) => csvField(excelSafeCell(f))).join(',')}\n`));
  } finally {
    ws.end();
    await once(ws, 'finish');
  }
}

/** Writes Excel-safe copies of every CSV file of a snapshot folder into its `excel-safe/`. */
export async function writeExcelSafeCopies(dir: string): Promise<string[]> {
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort();
  mkdirSync(path.join(dir, EXCEL_SAFE_DIR), { recursive: true });
  for (const name of names) await writeExcelSafeCopy(path.join(dir, name), path.join(dir, EXCEL_SAFE_DIR, name));
  return names.map((n) => `${EXCEL_SAFE_DIR}/${n}`);
}
