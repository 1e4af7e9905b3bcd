/**
 * Cases CSVs as radiology users write them (spreadsheets, Windows, hand edits). Expected cases follow from the
 * file's text and PyRadiomics' batch semantics (Python's csv.DictReader: a short row leaves the missing trailing
 * columns empty, an empty Label means the default label).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCases } from '../src/radiomics/batch.js';
import { AlnmError } from '../src/util/errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'alnm-edge-csv-'));
function csv(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe('readCases edge inputs', () => {
  it('reads quoted paths with spaces and commas, CRLF, a BOM and a trailing empty line', () => {
    const f = csv('a.csv', '\ufeffID,Image,Mask,Label,Outcome\r\nP 1,"sub dir/img, 1.nii.gz","sub dir/msk 1.nii.gz",,1\r\nP2,b.nii.gz,bm.nii.gz,2,0\r\n\r\n');
    const c = readCases(f);
    expect(c).toHaveLength(2);
    expect(c[0]).toEqual({ id: 'P 1', image: path.join(dir, 'sub dir', 'img, 1.nii.gz'), mask: path.join(dir, 'sub dir', 'msk 1.nii.gz'), extra: [['Outcome', '1']] });
    expect(c[1].label).toBe(2);
  });

  it('a row without its trailing Label field takes the default label (as PyRadiomics via csv.DictReader)', () => {
    // before: "row 2 has 3 fields, the header has 4" refused the whole batch
    const c = readCases(csv('short.csv', 'ID,Image,Mask,Label\nc1,a.nii.gz,am.nii.gz\nc2,b.nii.gz,bm.nii.gz,2\n'));
    expect(c.map((x) => x.label)).toEqual([undefined, 2]);
  });

  it('skips all-blank rows that spreadsheets append (",,,")', () => {
    // before: "row 4 has an empty ID"
    const c = readCases(csv('blank.csv', 'ID,Image,Mask,Label\r\nc1,a.nii.gz,am.nii.gz,\r\n,,,\r\n , , ,\r\n'));
    expect(c.map((x) => x.id)).toEqual(['c1']);
  });

  it('an empty Image or Mask cell names the row and case', () => {
    // before: the empty path resolved to the CSV's folder, read as a DICOM series ("no DICOM file in it")
    expect(() => readCases(csv('noimg.csv', 'ID,Image,Mask\nc1,,am.nii.gz\n'))).toThrow(/noimg\.csv: row 2 \(ID c1\) has an empty Image$/);
    expect(() => readCases(csv('nomask.csv', 'ID,Image,Mask\nc1,a.nii.gz\n'))).toThrow(/row 2 \(ID c1\) has an empty Mask$/);
  });

  it('still refuses rows with more fields than the header (an unquoted comma in a path)', () => {
    expect(() => readCases(csv('long.csv', 'ID,Image,Mask\nc1,img, 1.nii.gz,m.nii.gz\n'))).toThrow(/row 2 has 4 fields, the header has 3/);
  });

  it('says so when the file is semicolon-separated (spreadsheets in many locales)', () => {
    const f = csv('semi.csv', 'ID;Image;Mask\nc1;a.nii.gz;am.nii.gz\n');
    expect(() => readCases(f)).toThrow(AlnmError);
    expect(() => readCases(f)).toThrow(/lacks the column "ID".*not comma-separated/);
  });
});
