/**
 * The board harness: every page in `test/fixtures/<source>/` that has a hand-written
 * `<page>.expected.json` beside it is run through the `<source>` adapter and compared. The
 * expectation is written by hand from the page, never pasted from the parser's output:
 * `{ "url": <the public URL the page was fetched from>, "extraction": <what it must give> }`
 * is matched field by field (an object lists the fields it checks, an array every element, so
 * a list of messages is checked for its length too); `{ "url", "error": <words of the error> }`
 * says the page must be refused with a ParseError. Adding a board's page and its expectation
 * needs no test code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/extract/errors.js';
import { decodeBody } from '../../src/extract/charset.js';
import { findAdapter } from '../../src/sources/index.js';
import { assertValidExtraction } from '../helpers/contract.js';
import { repoRoot } from '../helpers/shared.js';

const FIXTURES = path.join(repoRoot, 'test', 'fixtures');
const SUFFIX = '.expected.json';

interface Expectation {
  url: string;
  extraction?: Record<string, unknown>;
  error?: string;
}

interface Case {
  source: string;
  page: string;
  expectedFile: string;
}

/** Every expectation file under test/fixtures, with the page beside it. */
function cases(): Case[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      const dir = path.join(FIXTURES, d.name);
      const names = readdirSync(dir);
      return names
        .filter((n) => n.endsWith(SUFFIX))
        .map((n) => {
          const stem = n.slice(0, -SUFFIX.length);
          const page = names.find((p) => p !== n && p.startsWith(`${stem}.`) && !p.endsWith(SUFFIX));
          if (!page) throw new Error(`${path.join(dir, n)}: no page ${stem}.<ext> beside it`);
          return { source: d.name, page: path.join(dir, page), expectedFile: path.join(dir, n) };
        });
    });
}

function readExpectation(file: string): Expectation {
  const e = JSON.parse(readFileSync(file, 'utf8')) as Expectation;
  if (typeof e.url !== 'string' || (e.extraction === undefined) === (e.error === undefined)) {
    throw new Error(`${file}: expected { "url", "extraction" } or { "url", "error" }`);
  }
  return e;
}

const all = cases();

describe('board fixtures with hand-written expectations', () => {
  it('has pages to check, each in the folder of a known adapter', () => {
    expect(all.length).toBeGreaterThan(0);
    for (const c of all) expect(findAdapter(c.source), `${c.expectedFile}: no adapter '${c.source}'`).toBeDefined();
  });

  for (const c of all) {
    it(`${c.source}: ${path.basename(c.page)}`, () => {
      const expected = readExpectation(c.expectedFile);
      const adapter = findAdapter(c.source)!;
      const page = { url: expected.url, body: decodeBody(readFileSync(c.page)) };
      if (expected.error !== undefined) {
        expect(() => adapter.parse(page)).toThrow(ParseError);
        expect(() => adapter.parse(page)).toThrow(expected.error);
        return;
      }
      const out = adapter.parse(page);
      assertValidExtraction(out);
      expect(out).toMatchObject(expected.extraction!);
    });
  }

});
