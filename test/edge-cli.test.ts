/**
 * The CLI on edge inputs (needs the build in dist/, which `npm test` runs first): `alnm info` on a float mask and
 * on intensities with a large offset (closed-form statistics), `alnm extract --cases` on a spreadsheet-style CSV
 * and a single-slice case.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeVolume } from '../src/io/write.js';
import type { Volume } from '../src/io/volume.js';
import { parseCsv } from '../src/util/csv.js';
import { ROOT } from './helpers/data.js';

const dir = mkdtempSync(path.join(tmpdir(), 'alnm-edge-cli-'));
const f = (n: string) => path.join(dir, n);
function alnm(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'alnm.js'), ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const geom = { size: [6, 5, 1] as Volume['size'], spacing: [0.7, 0.7, 3] as Volume['spacing'], origin: [0, 0, 0] as Volume['origin'], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
const N = 30;

beforeAll(async () => {
  // 1e6 + 0.1 on every other voxel: mean 1e6 + 0.05, population SD 0.05
  await writeVolume(f('offset.nrrd'), { ...geom, data: Float64Array.from({ length: N }, (_, i) => 1e6 + 0.1 * (i % 2)) });
  // float mask: 8 voxels 1.0 (a 4 x 2 block), the rest 0.0
  const m = new Float32Array(N);
  for (let j = 1; j < 3; j++) for (let i = 1; i < 5; i++) m[i + 6 * j] = 1;
  await writeVolume(f('fmask.nii.gz'), { ...geom, data: m });
  await writeVolume(f('img.nii.gz'), { ...geom, data: Int16Array.from({ length: N }, (_, i) => 100 + 10 * (i % 7)) });
  mkdirSync(f('my cases'));
  await writeVolume(f('my cases/img, 1.nii.gz'), { ...geom, data: Int16Array.from({ length: N }, (_, i) => 100 + 10 * (i % 7)) });
});

describe('edge inputs through the CLI', () => {
  it('info: SD of intensities with a 1e6 offset (closed form 0.05; sum x^2/n - mean^2 gave 0.035)', () => {
    const r = alnm('info', f('offset.nrrd'), '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.mean).toBeCloseTo(1e6 + 0.05, 8);
    expect(j.sd).toBeCloseTo(0.05, 8);
  });

  it('info: lists the labels of a mask stored as float (1.0)', () => {
    const r = alnm('info', f('fmask.nii.gz'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('type       float32');
    expect(r.out).toContain(`labels     0: ${N - 8}, 1: 8`);
  });

  it('extract --cases: quoted path with space and comma, BOM, CRLF, short row, blank spreadsheet row; single slices', () => {
    writeFileSync(f('cases.csv'), '\ufeffID,Image,Mask,Label\r\na,"my cases/img, 1.nii.gz",fmask.nii.gz\r\nb,img.nii.gz,fmask.nii.gz,1\r\n,,,\r\n\r\n');
    writeFileSync(f('p.yaml'), 'setting:\n  force2D: true\nfeatureClass:\n  firstorder: [Mean, Variance]\n  shape2D: [PixelSurface]\n');
    const ok = alnm('extract', '--cases', 'cases.csv', '--jobs', '1', '--out', 'out.csv', '--params', 'p.yaml');
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    const rows = parseCsv(readFileSync(f('out.csv'), 'utf8'));
    expect(rows.map((x) => x[0])).toEqual(['ID', 'a', 'b']);
    // the 8 ROI voxels (i = 1..4, j = 1..2) hold 100 + 10 ((i + 6 j) mod 7); Mean and Variance (divisor N) by definition
    const vals: number[] = [];
    for (let j = 1; j < 3; j++) for (let i = 1; i < 5; i++) vals.push(100 + 10 * ((i + 6 * j) % 7));
    const mean = vals.reduce((a, b) => a + b, 0) / 8;
    const variance = vals.reduce((a, b) => a + (b - mean) ** 2, 0) / 8;
    const col = (n: string) => rows[0].indexOf(n);
    for (const row of rows.slice(1)) {
      expect(Number(row[col('original_firstorder_Mean')])).toBeCloseTo(mean, 12);
      expect(Number(row[col('original_firstorder_Variance')])).toBeCloseTo(variance, 10);
      expect(Number(row[col('original_shape2D_PixelSurface')])).toBeCloseTo(8 * 0.7 * 0.7, 5);
    }
  });

  it('preprocess --cases: an ID with a path separator is refused before any work (it names the output files)', () => {
    // before: "internal error: ENOENT" per case; "../x" would have written outside --out-dir
    writeFileSync(f('ids.csv'), 'ID,Image,Mask\nP/01,img.nii.gz,fmask.nii.gz\n');
    const r = alnm('preprocess', '--cases', 'ids.csv', '--out-dir', 'pp', '--spacing', '1,1,1', '--jobs', '1');
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe('alnm: ids.csv: ID "P/01" cannot name output files (no / or \\ in IDs)');
  });
});
