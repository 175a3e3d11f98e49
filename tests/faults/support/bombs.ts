import { constants, deflateRawSync, gzipSync } from "node:zlib";

/**
 * Hostile uploads, generated small: each is a few hundred KB to a few MB on
 * the wire and inflates to hundreds of megabytes or more. Gzip allows a file
 * of many members, so a bomb is one compressed block of rows repeated, with
 * no gigabyte ever built in memory here. All content is made up.
 */

const MiB = 1024 * 1024;

/** `count` copies of one gzip member holding `block`, after a first member holding `head`. */
function repeatedGzip(head: string, block: Buffer, count: number, tail = ""): Buffer {
  const member = gzipSync(block, { level: 9 });
  const parts = [gzipSync(Buffer.from(head)), ...Array.from({ length: count }, () => member)];
  if (tail !== "") parts.push(gzipSync(Buffer.from(tail)));
  return Buffer.concat(parts);
}

export const GZIP_BOMB_HEADER = "date,reference,description,amount,currency\n";
export const GZIP_BOMB_ROW = "2026-03-01,PAY-000123,Card payment received from a customer,1250.00,EUR\n";

/** About 1 MB of gzip that inflates to 1 GiB of the same bank-statement row. */
export function gzipBomb(): Buffer {
  const rowsPerBlock = Math.floor(MiB / GZIP_BOMB_ROW.length);
  const block = Buffer.from(GZIP_BOMB_ROW.repeat(rowsPerBlock));
  return repeatedGzip(GZIP_BOMB_HEADER, block, Math.ceil(1024 * MiB / block.length));
}

/**
 * The line a decompressed-size limit is passed on in the gzip bomb: one more
 * than the line ends among its first `limit` bytes.
 */
export function gzipBombLineAt(limit: number): number {
  const afterHeader = limit - GZIP_BOMB_HEADER.length;
  const wholeRows = Math.floor(afterHeader / GZIP_BOMB_ROW.length);
  return 1 + 1 + wholeRows;
}

/** A CSV with `columns` columns and a few rows of ones: about 1.3 MB at 100,000 columns. */
export function wideCsv(columns: number): Buffer {
  const header = Array.from({ length: columns }, (_, i) => `c${i}`).join(",");
  const row = Array.from({ length: columns }, () => "1").join(",");
  return Buffer.from(`${header}\n${row}\n${row}\n`);
}

/** A two-column CSV whose second row's memo is `bytes` long, gzip'd: a 1 GiB field in about 1 MB. */
export function hugeFieldCsvGzip(bytes: number): Buffer {
  const block = Buffer.alloc(MiB, "A");
  return repeatedGzip("id,memo\n1,", block, Math.ceil(bytes / MiB), "\n2,short\n");
}

/** A second line of `fields` fields of `fieldBytes` each (each within the field limit, the line far past the line limit), gzip'd. */
export function longLineCsvGzip(fields: number, fieldBytes: number): Buffer {
  const field = Buffer.alloc(fieldBytes, "B");
  const block = Buffer.concat([field, Buffer.from(",")]);
  return repeatedGzip("a,b\n", block, fields, "end\n3,4\n");
}

/** A JSON array whose first record nests `depth` arrays. */
export function deepJson(depth: number): Buffer {
  return Buffer.from(`[{"id":1,"x":${"[".repeat(depth)}${"]".repeat(depth)}}]`);
}

interface ZipPart {
  name: string;
  /** The part's data as stored (deflated unless `method` is 0). */
  data: Buffer;
  method: 0 | 8;
  /** What the zip says the part inflates to; a bomb may say less. */
  declaredSize: number;
}

/** A zip (the container XLSX uses) with central directory; CRCs are left 0, which no reader here checks before inflating. */
function zip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(part.method, 8);
    local.writeUInt32LE(part.data.length, 18);
    local.writeUInt32LE(part.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(part.method, 10);
    entry.writeUInt32LE(part.data.length, 20);
    entry.writeUInt32LE(part.declaredSize, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, name, part.data);
    central.push(entry, name);
    offset += local.length + name.length + part.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function stored(name: string, text: string): ZipPart {
  const data = Buffer.from(text);
  return { name, data, method: 0, declaredSize: data.length };
}

/**
 * An XLSX whose one sheet inflates to `sheetBytes` of rows, while its zip
 * directory claims 1 KB: raw deflate blocks ended by a sync flush are not
 * final, so one compressed block of rows can be repeated, then closed.
 */
export function xlsxBomb(sheetBytes: number): Buffer {
  const row = '<row><c t="inlineStr"><is><t>PAY-000123</t></is></c><c><v>1250</v></c></row>';
  const block = Buffer.from(row.repeat(Math.floor(MiB / row.length)));
  const flushed = (text: Buffer | string) => deflateRawSync(text, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const head = flushed('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
  const body = flushed(block);
  const tail = deflateRawSync(Buffer.from("</sheetData></worksheet>"));
  const sheet = Buffer.concat([head, ...Array.from({ length: Math.ceil(sheetBytes / block.length) }, () => body), tail]);
  return zip([
    stored(
      "[Content_Types].xml",
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
    stored(
      "xl/workbook.xml",
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Payments" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    { name: "xl/worksheets/sheet1.xml", data: sheet, method: 8, declaredSize: 1024 },
  ]);
}
