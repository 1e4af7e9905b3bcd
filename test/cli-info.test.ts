/**
 * `alnm info` end to end, as a user runs it (needs the build in dist/: `npx tsc -p tsconfig.build.json`,
 * which `npm test` runs first). Statistics are checked against closed forms and label counts against
 * counts known independently (the synthetic mask below; PyRadiomics' README for its brain masks).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeVolume } from '../src/io/write.js';
import type { Volume } from '../src/io/volume.js';
import { data, ROOT } from './helpers/data.js';

const dir = mkdtempSync(path.join(tmpdir(), 'alnm-info-'));
const f = (n: string) => path.join(dir, n);

function alnm(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'alnm.js'), ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const t = 0.25;
const geometry = {
  size: [5, 4, 3] as Volume['size'],
  spacing: [0.75, 0.5, 3] as Volume['spacing'],
  origin: [-12, 40.5, 7.25] as Volume['origin'],
  direction: [Math.cos(t), -Math.sin(t), 0, Math.sin(t), Math.cos(t), 0, 0, 0, 1],
};
const N = 60;

beforeAll(async () => {
  expect(existsSync(path.join(ROOT, 'dist', 'cli', 'commands', 'info.js')), 'build first: npx tsc -p tsconfig.build.json').toBe(true);
  // image: voxel i holds i, so mean (N-1)/2 and population SD sqrt((N^2-1)/12)
  const ramp = Float32Array.from({ length: N }, (_, i) => i);
  await writeVolume(f('ramp.nii.gz'), { ...geometry, data: ramp });
  await writeVolume(f('ramp.nrrd'), { ...geometry, data: ramp }); // NRRD keeps geometry as exact decimals
  // mask: label 1 at 7 voxels, label 2 at 3 voxels, 0 elsewhere
  const m = new Uint8Array(N);
  [3, 4, 8, 9, 13, 30, 31].forEach((i) => (m[i] = 1));
  [50, 51, 59].forEach((i) => (m[i] = 2));
  await writeVolume(f('mask.nrrd'), { ...geometry, data: m });
  const nan = Float32Array.from({ length: N }, () => 2);
  nan[0] = NaN;
  nan[1] = Infinity;
  nan[2] = 5;
  await writeVolume(f('nan.nii'), { ...geometry, data: nan });
});

describe('alnm info', () => {
  it('prints geometry, type and intensity statistics of an image', () => {
    const r = alnm('info', f('ramp.nrrd'));
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('size       5 x 4 x 3 (60 voxels)');
    expect(r.out).toContain('spacing    (0.75, 0.5, 3) mm');
    expect(r.out).toContain('origin     (-12, 40.5, 7.25) mm (LPS)');
    expect(r.out).toContain(`direction  (${geometry.direction.map((x) => Number(x.toPrecision(6))).join(', ')})`);
    expect(r.out).toContain('type       float32');
    expect(r.out).toContain(`intensity  min 0, max 59, mean ${(29.5).toPrecision(6)}, sd ${Math.sqrt((N * N - 1) / 12).toPrecision(6)}`);
    expect(r.out).not.toContain('labels');
  });

  it('--json parses and carries the exact geometry and statistics', () => {
    const r = alnm('info', f('ramp.nii.gz'), '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.size).toEqual(geometry.size);
    expect(j.type).toBe('float32');
    expect(j.voxels).toBe(N);
    // NIfTI stores geometry as float32
    for (let k = 0; k < 3; k++) {
      expect(j.spacing[k]).toBeCloseTo(geometry.spacing[k], 6);
      expect(j.origin[k]).toBeCloseTo(geometry.origin[k], 5);
    }
    for (let k = 0; k < 9; k++) expect(j.direction[k]).toBeCloseTo(geometry.direction[k], 6);
    expect(j.min).toBe(0);
    expect(j.max).toBe(59);
    expect(j.mean).toBeCloseTo(29.5, 12);
    expect(j.sd).toBeCloseTo(Math.sqrt((N * N - 1) / 12), 10);
    expect(j.nonFinite).toBe(0);
  });

  it('lists the labels of a mask with their voxel counts', () => {
    const r = alnm('info', f('mask.nrrd'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('type       uint8');
    expect(r.out).toContain('labels     0: 50, 1: 7, 2: 3');
    const j = JSON.parse(alnm('info', f('mask.nrrd'), '--json').out);
    expect(j.labels).toEqual({ 0: 50, 1: 7, 2: 3 });
    expect(j.origin).toEqual(geometry.origin);
  });

  it.each([
    ['brain1_label.nrrd', 4137],
    ['brain2_label.nrrd', 453],
  ])('PyRadiomics mask %s has the documented %i voxels', (name, count) => {
    const j = JSON.parse(alnm('info', data('pyradiomics', name), '--json').out);
    expect(j.size).toEqual([256, 256, name.startsWith('brain1') ? 25 : 23]);
    expect(j.labels['1']).toBe(count);
    expect(j.labels['0'] + count).toBe(j.voxels);
  });

  it('counts NaN and infinite voxels and leaves them out of the statistics', () => {
    const j = JSON.parse(alnm('info', f('nan.nii'), '--json').out);
    expect(j.nonFinite).toBe(2);
    expect(j.min).toBe(2);
    expect(j.max).toBe(5);
    expect(j.mean).toBeCloseTo((57 * 2 + 5) / 58, 12);
    expect(alnm('info', f('nan.nii')).out).toContain('2 NaN/inf');
  });

  it('a missing file is a one-line error with non-zero exit and no stack trace', () => {
    const r = alnm('info', f('missing.nii.gz'));
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/missing\.nii\.gz: file not found/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('a folder that is not a DICOM series is a one-line error', () => {
    const r = alnm('info', dir);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/alnm-info-[^:]*: not a readable DICOM series/);
  });

  it('a bad option is a usage error (exit 2)', () => {
    const r = alnm('info', f('mask.nrrd'), '--frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Usage: alnm info FILE/);
  });
});
