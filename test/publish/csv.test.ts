import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { BOM, csvField, csvLine, FileSink, writeTable } from '../../src/publish/csv.js';
import { maskPersonalNumbers } from '../../src/publish/mask.js';
import { tempDir } from '../helpers/tmp.js';

const AWKWARD = ['plain', '逗号,在中间', 'a "quoted" word', 'two\nlines', 'cr\r\nlf', '', ' padded ', '="1+1"', '中文'];

describe('csv', () => {
  it('writes fields as RFC 4180 wants them, like csv-stringify', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvField(1.5)).toBe('1.5');
    expect(csvField('a "b"')).toBe('"a ""b"""');
    const ours = csvLine(AWKWARD);
    expect(ours).toBe(stringify([AWKWARD], { record_delimiter: '\n', quoted_match: /\r/ }));
    expect(parse(ours)).toEqual([AWKWARD]);
  });

  it('writes a table as CSV with a BOM and a JSON Lines twin, hashed and counted', async () => {
    const dir = tempDir();
    const rows = AWKWARD.map((text, i) => ({ id: i, text, flag: i % 2 === 0 ? true : null }));
    const [csv, jsonl] = await writeTable(dir, 't', ['id', 'text', 'flag'], rows);
    const bytes = readFileSync(path.join(dir, 't.csv'));
    expect(bytes.toString('utf8').startsWith(BOM)).toBe(true);
    expect(csv!.bytes).toBe(bytes.length);
    const records = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.text)).toEqual(AWKWARD);
    const lines = readFileSync(path.join(dir, 't.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(rows);
    expect(jsonl!.path).toBe('t.jsonl');
  });
});

describe('FileSink', () => {
  it('gives the same size and sha256 whether it hashes as it writes or reads the file back, over several chunks', async () => {
    const dir = tempDir();
    // About 1.9 MB of mixed text: more than three 512 KB chunks, one text longer than a chunk.
    const texts = [...Array.from({ length: 30_000 }, (_, i) => `${i},${AWKWARD[i % AWKWARD.length]},武汉市洪山区\n`), 'x'.repeat(600_000), '尾\n'];
    const [now, after] = [new FileSink(dir, 'now.txt'), new FileSink(dir, 'after.txt', { hashAfter: true })];
    for (const t of texts) await Promise.all([now.write(t), after.write(t)]);
    const [a, b] = [await now.close(), await after.close()];
    const bytes = readFileSync(path.join(dir, 'after.txt'));
    expect(bytes.equals(readFileSync(path.join(dir, 'now.txt')))).toBe(true);
    expect(bytes.length).toBeGreaterThan(3 * 512 * 1024);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(a).toEqual({ path: 'now.txt', bytes: bytes.length, sha256 });
    expect(b).toEqual({ path: 'after.txt', bytes: bytes.length, sha256 });
  });
});

describe('maskPersonalNumbers', () => {
  it.each([
    ['电话13812345678。', '电话138****5678。'],
    ['联系138-1234-5678', '联系138-****-5678'],
    ['+86 13812345678', '+86 138****5678'],
    ['身份证420106199001011234', '身份证420***********1234'],
    ['42010619900101123X号', '420***********123X号'],
    ['旧证420106900101123', '旧证420********1123'],
    ['座机027-87654321', '座机027-****4321'],
  ])('%s -> %s', (text, masked) => {
    expect(maskPersonalNumbers(text)).toBe(masked);
  });

  it('leaves other numbers alone', () => {
    for (const s of ['帖子4657001', '2019年5月10日', '订单2020082410050012345678', '金额1234567元']) expect(maskPersonalNumbers(s)).toBe(s);
    expect(maskPersonalNumbers(null)).toBeNull();
  });
});
