/**
 * Resampling against closed-form cases: cubic B-splines reproduce polynomials up to degree 3 (away from the
 * mirror boundary, whose influence decays as |sqrt(3) - 2|^distance), linear interpolation reproduces linear
 * functions of physical position whatever the grids' directions, nearest neighbour keeps the label set, and
 * bad grids are refused before allocating.
 */
import { describe, expect, it } from 'vitest';
import { resample, alignedCentreGrid, type Grid } from '../src/image/resample.js';
import { bsplineCoefficients } from '../src/image/bspline.js';
import { indexToPoint, type Volume } from '../src/io/volume.js';

function volumeFrom(grid: Grid, f: (p: number[]) => number): Volume {
  const [nx, ny, nz] = grid.size;
  const data = new Float64Array(nx * ny * nz);
  for (let k = 0, i = 0; k < nz; k++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++, i++) data[i] = f(indexToPoint(grid, [x, y, k]));
  return { ...grid, data };
}

const rot = (t: number) => [Math.cos(t), -Math.sin(t), 0, Math.sin(t), Math.cos(t), 0, 0, 0, 1];
const tilt = (t: number) => [1, 0, 0, 0, Math.cos(t), -Math.sin(t), 0, Math.sin(t), Math.cos(t)];
function matmul(a: number[], b: number[]) {
  const o = new Array(9).fill(0);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) o[r * 3 + c] += a[r * 3 + k] * b[k * 3 + c];
  return o;
}

describe('cubic B-spline interpolation (ITK BSplineInterpolateImageFunction, order 3)', () => {
  it('the prefilter turns samples of a spline back into its coefficients (closed form: c = [0,..,1,..,0] gives samples 1/6, 4/6, 1/6)', () => {
    // A single cubic B-spline at index 10 of a long line has samples 1/6, 2/3, 1/6 at 9, 10, 11.
    const n = 40;
    const samples = new Float64Array(n);
    samples[9] = 1 / 6;
    samples[10] = 2 / 3;
    samples[11] = 1 / 6;
    const c = bsplineCoefficients(samples, [n, 1, 1]);
    for (let i = 0; i < n; i++) expect(c[i]).toBeCloseTo(i === 10 ? 1 : 0, 9);
  });

  it('reproduces a quadratic intensity ramp exactly inside the volume', () => {
    const g: Grid = { size: [36, 34, 32], spacing: [1, 1.2, 1.5], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const f = (p: number[]) => 100 + 3 * p[0] - 2 * p[1] + 0.5 * p[2] + 0.2 * p[0] * p[0] - 0.1 * p[1] * p[2] + 0.05 * p[2] * p[2];
    const v = volumeFrom(g, f);
    // Target: a finer, shifted grid well inside (>= 12 voxels from every face of the input).
    const t: Grid = { size: [10, 9, 8], spacing: [0.7, 0.9, 1.1], origin: [12.3, 14.9, 18.2], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const out = resample(v, t, { interpolator: 'bspline', outputType: 'float64' });
    let worst = 0;
    for (let k = 0, i = 0; k < 8; k++) for (let y = 0; y < 9; y++) for (let x = 0; x < 10; x++, i++) {
      const e = f(indexToPoint(t, [x, y, k]));
      worst = Math.max(worst, Math.abs(out.data[i] - e) / Math.abs(e));
    }
    expect(worst).toBeLessThan(1e-6);
  });
});

describe('geometry', () => {
  it('linear interpolation reproduces a linear function of physical position for oblique input and output grids', () => {
    const f = (p: number[]) => 7 + 0.9 * p[0] - 1.3 * p[1] + 2.1 * p[2];
    const src: Grid = { size: [30, 30, 30], spacing: [1, 1, 1.5], origin: [-10, 5, 3], direction: matmul(rot(0.3), tilt(-0.2)) };
    const v = volumeFrom(src, f);
    const centre = indexToPoint(src, [15, 15, 15]);
    const dst: Grid = { size: [6, 6, 6], spacing: [1.1, 0.8, 1], origin: centre, direction: matmul(tilt(0.5), rot(-0.7)) };
    const out = resample(v, dst, { interpolator: 'linear', outputType: 'float64' });
    for (let k = 0, i = 0; k < 6; k++) for (let y = 0; y < 6; y++) for (let x = 0; x < 6; x++, i++) {
      expect(out.data[i]).toBeCloseTo(f(indexToPoint(dst, [x, y, k])), 8);
    }
    expect(out.origin).toEqual(dst.origin);
    expect(out.direction).toEqual(dst.direction);
  });

  it('nearest neighbour keeps the label set of a mask and its integer type', () => {
    const g: Grid = { size: [20, 20, 10], spacing: [0.8, 0.8, 3], origin: [0, 0, 0], direction: rot(0.4) };
    const data = new Uint8Array(4000);
    for (let i = 0; i < data.length; i++) data[i] = i % 7 === 0 ? 2 : i % 5 === 0 ? 1 : i % 11 === 0 ? 4 : 0;
    const m: Volume = { ...g, data };
    const out = resample(m, alignedCentreGrid(g, [1, 1, 1]), { interpolator: 'nearest' });
    expect(out.data).toBeInstanceOf(Uint8Array);
    expect([...new Set(out.data)].sort()).toEqual([0, 1, 2, 4]);
  });

  it('IBSI grid: centres aligned, extent covered', () => {
    const g: Grid = { size: [5, 4, 4], spacing: [2, 2, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const t = alignedCentreGrid(g, [1.5, 1.5, 1.5]);
    // IBSI: n_b = ceil(n_a s_a / s_b) = ceil(10 / 1.5) = 7; origin shifted by (s_a (n_a - 1) - s_b (n_b - 1)) / 2 = (8 - 9) / 2
    expect(t.size).toEqual([7, 6, 6]);
    expect(t.origin[0]).toBeCloseTo(-0.5, 12);
    const centreA = indexToPoint(g, [2, 1.5, 1.5]);
    const centreB = indexToPoint(t, [3, 2.5, 2.5]);
    centreA.forEach((c, k) => expect(centreB[k]).toBeCloseTo(c, 12));
  });

  it('integer outputs are clamped and truncated toward zero as ITK casts', () => {
    const g: Grid = { size: [2, 1, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const v: Volume = { ...g, data: Float64Array.from([-2.5, 70000]) };
    const out = resample(v, g, { interpolator: 'nearest', outputType: 'int16' });
    expect(Array.from(out.data)).toEqual([-2, 32767]);
  });
});

describe('bad grids', () => {
  const v: Volume = { size: [2, 2, 2], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data: new Float32Array(8) };
  it('spacing <= 0 is refused', () => {
    expect(() => resample(v, { ...v, spacing: [1, 0, 1] }, { interpolator: 'linear', what: 'case X' })).toThrow(/case X: spacing must be positive/);
  });
  it('a grid above the voxel limit is refused before allocating', () => {
    expect(() => resample(v, { ...v, size: [2000, 2000, 2000] }, { interpolator: 'linear', what: 'img.nii.gz' })).toThrow(/img\.nii\.gz: the target grid 2000x2000x2000 has 8000000000 voxels, more than the limit/);
  });
});
