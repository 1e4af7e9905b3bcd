/**
 * `alnm preprocess` and `alnm standardize` end to end: outputs carry the requested geometry, the mask keeps its
 * labels, landmarks are fitted on the training cases and applied unchanged, batch mode writes a new cases CSV
 * and reports a bad case without losing the others; bad arguments are one-line errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readVolume } from '../src/io/read.js';
import { writeVolume } from '../src/io/write.js';
import { syntheticCase } from '../src/study/synthetic.js';
import { imageLandmarks } from '../src/image/histogram-standardisation.js';
import { ROOT } from './helpers/data.js';

const dir = mkdtempSync(path.join(tmpdir(), 'alnm-pre-'));
const f = (n: string) => path.join(dir, n);
const alnm = (...args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'alnm.js'), ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

beforeAll(async () => {
  const rows = ['ID,Image,Mask'];
  for (let i = 0; i < 3; i++) {
    const c = syntheticCase(`t${i}`, i === 1, 100 + i, { size: [40, 40, 12] });
    await writeVolume(f(`t${i}_img.nii.gz`), c.image);
    await writeVolume(f(`t${i}_msk.nii.gz`), c.mask);
    rows.push(`t${i},t${i}_img.nii.gz,t${i}_msk.nii.gz`);
  }
  writeFileSync(f('train.csv'), rows.join('\n') + '\n');
  const withClinical = ['ID,Image,Mask,Age,ALN', ...rows.slice(1).map((r, i) => `${r},${50 + i},${i % 2}`)];
  writeFileSync(f('batch.csv'), [...withClinical, 'bad,missing.nii.gz,t0_msk.nii.gz,61,1'].join('\n') + '\n');
});

describe('alnm preprocess', () => {
  it('N4 + 1 mm B-spline resampling + partial-volume mask, geometry as asked', async () => {
    const r = alnm('preprocess', '--image', 't0_img.nii.gz', '--mask', 't0_msk.nii.gz', '--out', 'o.nii.gz', '--out-mask', 'om.nii.gz', '--bias-out', 'b.nii.gz', '--n4', '--shrink', '2', '--spacing', '1,1,1', '--mask-threshold', '0.5');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const o = await readVolume(f('o.nii.gz'));
    const m = await readVolume(f('om.nii.gz'));
    const b = await readVolume(f('b.nii.gz'));
    expect(o.spacing).toEqual([1, 1, 1]);
    // 40 x 0.8 mm = 32 mm, 12 x 2 mm = 24 mm
    expect(o.size).toEqual([32, 32, 24]);
    expect(m.size).toEqual(o.size);
    expect(b.size).toEqual(o.size);
    expect([...new Set(m.data)].sort()).toEqual([0, 1]);
  });

  it('standardize fit on training cases, then apply: training landmarks land on the standard ones', async () => {
    expect(alnm('standardize', 'fit', '--cases', 'train.csv', '--out', 'lm.json').code).toBe(0);
    const lm = JSON.parse(readFileSync(f('lm.json'), 'utf8'));
    expect(lm.n).toBe(3);
    expect(alnm('standardize', 'apply', '--image', 't2_img.nii.gz', '--landmarks', 'lm.json', '--out', 's.nii.gz').code).toBe(0);
    const s = await readVolume(f('s.nii.gz'));
    const orig = await readVolume(f('t2_img.nii.gz'));
    let mean = 0;
    for (const x of orig.data) mean += x;
    mean /= orig.data.length;
    const fg = Uint8Array.from(orig.data, (x) => (x > mean ? 1 : 0));
    const got = imageLandmarks(s.data, lm.percentiles, fg, 's');
    got.forEach((g: number, k: number) => expect(Math.abs(g - lm.standard[k])).toBeLessThan(0.01 * Math.abs(lm.standard[k]) + 1e-6));
  });

  it('batch: a new cases CSV for the good cases (other columns kept), the bad case reported, exit 3', () => {
    const r = alnm('preprocess', '--cases', 'batch.csv', '--out-dir', 'pp', '--spacing', '1,1,1', '--jobs', '2');
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/case bad: .*missing\.nii\.gz: file not found/);
    const rows = readFileSync(f('pp/cases.csv'), 'utf8').trim().split('\n');
    // the other columns (clinical data) pass through unchanged
    expect(rows).toEqual(['ID,Image,Mask,Age,ALN', 't0,t0_image.nii.gz,t0_mask.nii.gz,50,0', 't1,t1_image.nii.gz,t1_mask.nii.gz,51,1', 't2,t2_image.nii.gz,t2_mask.nii.gz,52,0']);
    expect(existsSync(f('pp/t0_image.nii.gz'))).toBe(true);
    expect(readFileSync(f('pp/cases.csv.errors.csv'), 'utf8')).toMatch(/^ID,reason\nbad,/);
  });

  it.each([
    [['--image', 't0_img.nii.gz', '--out', 'x.nii.gz', '--spacing', '1,0,1'], /--spacing must be positive/],
    [['--image', 't0_img.nii.gz', '--out', 'x.nii.gz'], /choose at least one step/],
    [['--image', 't0_img.nii.gz', '--out', 'x.nii.gz', '--standardize', 'nothere.json'], /nothere\.json: landmarks file not found/],
  ])('bad arguments are refused with a clear message (%#)', (args, pattern) => {
    const r = alnm('preprocess', ...(args as string[]));
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(pattern);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(f('x.nii.gz'))).toBe(false);
  });

  it('a target grid above the voxel limit is refused before allocating', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'alnm.js'), 'preprocess', '--image', 't0_img.nii.gz', '--out', 'big.nii.gz', '--spacing', '0.01,0.01,0.01'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/t0_img\.nii\.gz: the target grid 3200x3200x2400 has .* voxels, more than the limit/);
    expect(existsSync(f('big.nii.gz'))).toBe(false);
  });
});
