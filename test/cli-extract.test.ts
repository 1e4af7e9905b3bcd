/**
 * `alnm extract` end to end, as a user runs it: one case, batch with worker threads, and every kind of bad
 * input the issue lists. Each bad input must give a one-line message naming the file and the problem, a
 * non-zero exit, no stack trace and no output file.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeVolume } from '../src/io/write.js';
import type { Volume } from '../src/io/volume.js';
import { syntheticCase } from '../src/study/synthetic.js';
import { data, ROOT } from './helpers/data.js';

const dir = mkdtempSync(path.join(tmpdir(), 'alnm-extract-'));
const f = (n: string) => path.join(dir, n);

function alnm(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'alnm.js'), ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function expectCleanFailure(r: ReturnType<typeof alnm>, pattern: RegExp, out?: string) {
  expect(r.code).not.toBe(0);
  expect(r.err).toMatch(pattern);
  expect(r.err.trim().split('\n')).toHaveLength(1);
  expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  if (out) expect(existsSync(out)).toBe(false);
}

const clone = (v: Volume, data: Volume['data']): Volume => ({ ...v, size: [...v.size], spacing: [...v.spacing], origin: [...v.origin], direction: [...v.direction], data });

beforeAll(async () => {
  const a = syntheticCase('a', false, 1, { size: [24, 24, 10] });
  const b = syntheticCase('b', true, 2, { size: [24, 24, 10] });
  await writeVolume(f('a_img.nii.gz'), a.image);
  await writeVolume(f('a_msk.nii.gz'), a.mask);
  await writeVolume(f('b_img.nrrd'), b.image);
  await writeVolume(f('b_msk.nrrd'), b.mask);
  // bad inputs
  writeFileSync(f('text.nii.gz'), 'not an image');
  const full = readFileSync(f('a_img.nii.gz'));
  writeFileSync(f('trunc.nii.gz'), full.subarray(0, full.length >> 1));
  const small = syntheticCase('s', false, 3, { size: [20, 24, 10] });
  await writeVolume(f('small_msk.nii.gz'), small.mask);
  await writeVolume(f('spacing_msk.nii.gz'), { ...clone(a.mask, a.mask.data), spacing: [0.9, 0.8, 2] });
  const two = new Uint8Array(a.mask.data.length);
  for (let i = 0; i < two.length; i++) two[i] = a.mask.data[i] ? 2 : 0;
  await writeVolume(f('label2_msk.nii.gz'), clone(a.mask, two));
  const one = new Uint8Array(a.mask.data.length);
  one[500] = 1;
  await writeVolume(f('one_msk.nii.gz'), clone(a.mask, one));
  await writeVolume(f('empty_msk.nii.gz'), clone(a.mask, new Uint8Array(a.mask.data.length)));
  const nan = Float32Array.from(a.image.data);
  nan[123] = NaN;
  await writeVolume(f('nan_img.nii.gz'), clone(a.image, nan));
  const hdr = Buffer.alloc(352);
  hdr.writeInt32LE(348, 0);
  hdr.writeInt16LE(3, 40);
  [32000, 32000, 32000].forEach((d, k) => hdr.writeInt16LE(d, 42 + 2 * k));
  hdr.writeInt16LE(4, 70);
  hdr.writeInt16LE(16, 72);
  hdr.writeFloatLE(352, 108);
  hdr.write('n+1\0', 344, 'latin1');
  writeFileSync(f('huge.nii'), hdr);
  writeFileSync(
    f('cases.csv'),
    ['ID,Image,Mask', 'A,a_img.nii.gz,a_msk.nii.gz', 'BAD,trunc.nii.gz,a_msk.nii.gz', 'B,b_img.nrrd,b_msk.nrrd', 'EMPTY,a_img.nii.gz,empty_msk.nii.gz'].join('\n') + '\n',
  );
});

describe('alnm extract, one case', () => {
  it('writes a header and one row (CSV), or a JSON object', () => {
    const r = alnm('extract', '--image', 'a_img.nii.gz', '--mask', 'a_msk.nii.gz', '--out', 'a.csv');
    expect(r.code).toBe(0);
    const lines = readFileSync(f('a.csv'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0].split(',').length).toBe(lines[1].split(',').length);
    const j = alnm('extract', '--image', 'a_img.nii.gz', '--mask', 'a_msk.nii.gz', '--out', 'a.json', '--diagnostics');
    expect(j.code).toBe(0);
    const o = JSON.parse(readFileSync(f('a.json'), 'utf8'));
    expect(o['diagnostics_Mask-original_VoxelNum']).toMatch(/^\d+$/);
  });

  it('reads a PyRadiomics parameter file as it is and refuses what it does not support', () => {
    const ok = alnm('extract', '--image', 'a_img.nii.gz', '--mask', 'a_msk.nii.gz', '--params', data('pyradiomics', 'settings', 'Params.yaml'));
    expect(ok.code).toBe(0);
    expect(ok.out.split('\n')[0]).toMatch(/original_/);
    writeFileSync(f('bad.yaml'), 'setting:\n  binWidht: 25\n');
    expectCleanFailure(alnm('extract', '--image', 'a_img.nii.gz', '--mask', 'a_msk.nii.gz', '--params', 'bad.yaml', '--out', 'x.csv'), /bad\.yaml: unknown setting "binWidht"/, f('x.csv'));
    writeFileSync(f('lbp.yaml'), 'imageType:\n  LBP3D: {}\n');
    expectCleanFailure(alnm('extract', '--image', 'a_img.nii.gz', '--mask', 'a_msk.nii.gz', '--params', 'lbp.yaml'), /image type "LBP3D" is not supported/);
  });

  it.each([
    ['missing file', ['--image', 'nothere.nii.gz', '--mask', 'a_msk.nii.gz'], /nothere\.nii\.gz: file not found/],
    ['a non-image file', ['--image', 'text.nii.gz', '--mask', 'a_msk.nii.gz'], /text\.nii\.gz: not a NIfTI/],
    ['a truncated .nii.gz', ['--image', 'trunc.nii.gz', '--mask', 'a_msk.nii.gz'], /trunc\.nii\.gz: truncated/],
    ['image and mask of different size', ['--image', 'a_img.nii.gz', '--mask', 'small_msk.nii.gz'], /small_msk\.nii\.gz: image and mask geometry differ.*size 24x24x10 vs 20x24x10/],
    ['image and mask of different spacing', ['--image', 'a_img.nii.gz', '--mask', 'spacing_msk.nii.gz'], /spacing_msk\.nii\.gz: image and mask geometry differ.*spacing/],
    ['a mask without the requested label', ['--image', 'a_img.nii.gz', '--mask', 'label2_msk.nii.gz'], /label2_msk\.nii\.gz: label 1 is not present in the mask \(labels found: 2\)/],
    ['an empty mask', ['--image', 'a_img.nii.gz', '--mask', 'empty_msk.nii.gz'], /empty_msk\.nii\.gz: label 1 is not present in the mask \(the mask is empty\)/],
    ['a one-voxel mask', ['--image', 'a_img.nii.gz', '--mask', 'one_msk.nii.gz'], /one_msk\.nii\.gz: the mask holds a single voxel/],
    ['NaN voxels', ['--image', 'nan_img.nii.gz', '--mask', 'a_msk.nii.gz'], /nan_img\.nii\.gz: 1 voxels are NaN or infinite/],
    ['a header that claims a huge volume', ['--image', 'huge.nii', '--mask', 'a_msk.nii.gz'], /huge\.nii: header claims 32000x32000x32000/],
  ])('%s: one line, non-zero exit, no output file', (_name, args, pattern) => {
    const out = f(`out-${_name.replace(/\W+/g, '_')}.csv`);
    expectCleanFailure(alnm('extract', ...args, '--out', out), pattern, out);
  });

  it('a requested label that exists is used (--label)', () => {
    const r = alnm('extract', '--image', 'a_img.nii.gz', '--mask', 'label2_msk.nii.gz', '--label', '2');
    expect(r.code).toBe(0);
  });
});

describe('alnm extract, batch', () => {
  it('reports bad cases on stderr and in <out>.errors.csv, extracts the others, exits 3', () => {
    const r = alnm('extract', '--cases', 'cases.csv', '--out', 'batch.csv', '--jobs', '2');
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/case BAD: .*trunc\.nii\.gz: truncated/);
    expect(r.err).toMatch(/case EMPTY: .*empty_msk\.nii\.gz: label 1 is not present/);
    const errors = readFileSync(f('batch.csv.errors.csv'), 'utf8').trim().split('\n');
    expect(errors[0]).toBe('ID,reason');
    expect(errors.slice(1).map((l) => l.split(',')[0])).toEqual(['BAD', 'EMPTY']);
    const rows = readFileSync(f('batch.csv'), 'utf8').trim().split('\n');
    expect(rows[0].startsWith('ID,')).toBe(true);
    expect(rows.slice(1).map((l) => l.split(',')[0])).toEqual(['A', 'B']);
  });

  it('gives byte-identical output for any number of worker threads', () => {
    writeFileSync(f('good.csv'), 'ID,Image,Mask\nA,a_img.nii.gz,a_msk.nii.gz\nB,b_img.nrrd,b_msk.nrrd\nA2,a_img.nii.gz,a_msk.nii.gz\n');
    const outs = ['1', '2', '3'].map((j) => {
      const r = alnm('extract', '--cases', 'good.csv', '--jobs', j, '--diagnostics');
      expect(r.code).toBe(0);
      return r.out;
    });
    expect(outs[1]).toBe(outs[0]);
    expect(outs[2]).toBe(outs[0]);
  });

  it('copies the cases CSV\'s other columns (outcome, cohort) after the ID', () => {
    writeFileSync(f('clin.csv'), 'ID,Image,Mask,ALN,Cohort\nA,a_img.nii.gz,a_msk.nii.gz,0,training\nB,b_img.nrrd,b_msk.nrrd,1,validation\n');
    const r = alnm('extract', '--cases', 'clin.csv', '--jobs', '1');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0].startsWith('ID,ALN,Cohort,original_')).toBe(true);
    expect(lines[1].startsWith('A,0,training,')).toBe(true);
    expect(lines[2].startsWith('B,1,validation,')).toBe(true);
  });

  it('a cases CSV without the required columns is a clear error', () => {
    writeFileSync(f('nocol.csv'), 'Image,Mask\na_img.nii.gz,a_msk.nii.gz\n');
    expectCleanFailure(alnm('extract', '--cases', 'nocol.csv', '--out', 'n.csv'), /nocol\.csv: cases CSV lacks the column "ID"/, f('n.csv'));
  });
});

describe('correctMask', () => {
  it('resamples a mask on another grid onto the image grid (nearest neighbour) instead of refusing it', async () => {
    // The mask of case a written on a grid shifted by a quarter voxel: refused by default, accepted with correctMask.
    writeFileSync(f('correct.yaml'), 'setting:\n  correctMask: true\nfeatureClass:\n  shape: [VoxelVolume]\n');
    writeFileSync(f('plain.yaml'), 'featureClass:\n  shape: [VoxelVolume]\n');
    const a = syntheticCase('a', false, 1, { size: [24, 24, 10] });
    await writeVolume(f('shifted_msk.nii.gz'), { ...clone(a.mask, a.mask.data), origin: [a.mask.origin[0] + 0.2, a.mask.origin[1], a.mask.origin[2]] });
    expectCleanFailure(alnm('extract', '--image', 'a_img.nii.gz', '--mask', 'shifted_msk.nii.gz', '--params', 'plain.yaml'), /shifted_msk\.nii\.gz: image and mask geometry differ.*origin/);
    const r = alnm('extract', '--image', 'a_img.nii.gz', '--mask', 'shifted_msk.nii.gz', '--params', 'correct.yaml');
    expect(r.code).toBe(0);
    // A 0.2 mm shift of a 0.8 mm grid is a quarter voxel: nearest neighbour maps every voxel back to itself.
    let n = 0;
    for (const v of a.mask.data) n += v;
    const [, value] = r.out.trim().split('\n');
    expect(Math.abs(Number(value) / (n * 0.8 * 0.8 * 2) - 1)).toBeLessThan(1e-6); // spacing stored as float32
  });
});
