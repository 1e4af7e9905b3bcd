import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readVolume } from '../src/io/read.js';
import type { Vec3, Volume } from '../src/io/volume.js';
import { extractFeatures } from '../src/radiomics/extract.js';
import { firstOrderFeatures, percentileSorted } from '../src/radiomics/firstorder.js';
import { marchingCubes, meshArea, meshDiameters, meshVolume } from '../src/radiomics/mesh.js';
import { paramsFromObject } from '../src/radiomics/settings.js';
import { shapeFeatures, symmetricEigenvalues3 } from '../src/radiomics/shape.js';
import { marchingSquares, shape2DFeatures } from '../src/radiomics/shape2d.js';
import { tableFromText } from '../src/util/csv.js';
import { data } from './helpers/data.js';
import {
  caseVolume,
  extractColumn,
  loadBaseline,
  PLAIN_COLUMNS,
  withinPyRadiomicsTolerance,
  type Baseline,
} from './helpers/pyradiomics.js';

const rel = (a: number, e: number) => (e === 0 ? Math.abs(a) : Math.abs(a - e) / Math.abs(e));

/** Features that PyRadiomics computes exactly as alnm does (no mesh triangulation involved): checked to 1e-9. */
const EXACT = /firstorder|shape2D|VoxelVolume|Diameter|AxisLength|Elongation|Flatness/;

function compareColumn(b: Baseline, col: string, got: Map<string, number>, cls: string) {
  const names = Object.keys(b.features[col]).filter((k) => k.startsWith(`original_${cls}_`));
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) {
    const expected = b.features[col][name];
    const actual = got.get(name);
    expect(actual, `${col} ${name} missing`).toBeDefined();
    expect(withinPyRadiomicsTolerance(actual!, expected), `${col} ${name}: ${actual} vs PyRadiomics ${expected}`).toBe(true);
    if (EXACT.test(name)) expect(rel(actual!, expected), `${col} ${name}`).toBeLessThan(1e-9);
    // Mesh volume/area: own triangulation of non-planar loops (see docs); measured within 1 %.
    else expect(rel(actual!, expected), `${col} ${name}`).toBeLessThan(0.0125);
  }
}

describe('PyRadiomics baselines (../shared/data/pyradiomics/baseline)', () => {
  for (const cls of ['firstorder', 'shape']) {
    const b = loadBaseline(cls);
    const cols = PLAIN_COLUMNS.filter((c) => b.columns.includes(c));
    it(`${cls}: columns ${cols.join(', ')}`, async () => {
      expect(cols.length).toBeGreaterThan(0);
      for (const col of cols) compareColumn(b, col, await extractColumn(b, cls, col), cls);
    });
  }

  // The shape2D columns were computed on a one-slice label map (256 x 256 x 1, resampled onto the image with
  // correctMask). It is not shipped; its diagnostics (voxel count, bounding box, centre of mass) identify it as
  // slice 16 (brain1) / slice 8 (brain2) of the 3-D label, which is what we rebuild and check here.
  const b2 = loadBaseline('shape2D');
  for (const [c, slice] of [['brain1', 16], ['brain2', 8]] as const) {
    const col = `${c}_shape2D`;
    it(`shape2D: ${col} (label restricted to slice ${slice})`, async () => {
      expect(b2.columns).toContain(col);
      const image = await caseVolume(c, 'image');
      const label = await caseVolume(c, 'label');
      const [nx, ny] = label.size;
      const slab = new Uint8Array(label.data.length);
      let n = 0;
      let si = 0;
      let sj = 0;
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          const o = i + nx * (j + ny * slice);
          if (label.data[o] === 1) {
            slab[o] = 1;
            n++;
            si += i;
            sj += j;
          }
        }
      }
      const diag = b2.diagnostics[col];
      expect(n).toBe(Number(diag['diagnostics_Mask-corrected_VoxelNum']));
      const com = diag['diagnostics_Mask-original_CenterOfMassIndex'].replace(/[()]/g, '').split(',').map(Number);
      expect(si / n).toBeCloseTo(com[0], 9);
      expect(sj / n).toBeCloseTo(com[1], 9);
      const mask: Volume = { ...label, data: slab };
      const params = paramsFromObject({ setting: b2.settings[col], featureClass: { shape2D: [] } }, col);
      const row = extractFeatures(image, mask, params, { image: c, mask: col });
      compareColumn(b2, col, new Map(row.names.map((k, i) => [k, row.values[i]])), 'shape2D');
    });
  }

  it('shape2D refuses a ROI spanning several slices', async () => {
    const params = paramsFromObject({ setting: { force2D: true }, featureClass: { shape2D: [] } }, 'p');
    const img = await caseVolume('brain2', 'image');
    const lab = await caseVolume('brain2', 'label');
    expect(() => extractFeatures(img, lab, params, { image: 'i', mask: 'm' })).toThrow(/single slice/);
  });
});

describe('IBSI digital phantom (IBSI 1 reference values, ../shared/data/ibsi1)', () => {
  it('mesh volume RNU0, area C0JK, maximum 3D diameter L0JK and axis lengths within the IBSI tolerance', async () => {
    const mask = await readVolume(data('ibsi1', 'digital_phantom', 'mask', 'mask.nii.gz'));
    const m = new Uint8Array(mask.data.length);
    for (let i = 0; i < m.length; i++) m[i] = mask.data[i] ? 1 : 0;
    const f = shapeFeatures(m, mask.size, mask.spacing);
    const ref = new Map<string, [number, number]>();
    for (const line of readFileSync(data('ibsi1', 'reference_values.csv'), 'utf8').split('\n')) {
      const p = line.split(',');
      if (p[2] === 'dig. phantom') ref.set(p[1], [Number(p[4]), Number(p[5])]);
    }
    // PyRadiomics' PCA divides by N, IBSI's covariance by N - 1: axis lengths differ by sqrt(N / (N - 1)).
    const n = f.get('VoxelVolume')! / (mask.spacing[0] * mask.spacing[1] * mask.spacing[2]);
    const toIbsi = Math.sqrt(n / (n - 1));
    const pairs: Array<[string, string, number]> = [
      ['RNU0', 'MeshVolume', 1], ['YEKZ', 'VoxelVolume', 1], ['C0JK', 'SurfaceArea', 1], ['L0JK', 'Maximum3DDiameter', 1],
      ['TDIC', 'MajorAxisLength', toIbsi], ['P9VJ', 'MinorAxisLength', toIbsi], ['7J51', 'LeastAxisLength', toIbsi],
    ];
    for (const [code, name, factor] of pairs) {
      const [value, tol] = ref.get(code)!;
      const got = f.get(name)! * factor;
      expect(Math.abs(got - value), `${name} ${got} vs IBSI ${value} +/- ${tol}`).toBeLessThanOrEqual(tol);
    }
  });
});

describe('mesh: closed-form cases', () => {
  const block = (a: number, b: number, c: number) => new Uint8Array(a * b * c).fill(1);

  it('one voxel gives the octahedron |x|/sx + |y|/sy + |z|/sz <= 1/2', () => {
    const [sx, sy, sz] = [1, 2, 3];
    const m = marchingCubes(new Uint8Array([1]), [1, 1, 1], [sx, sy, sz]);
    expect(m.vertices.length / 3).toBe(6);
    expect(m.faces.length / 3).toBe(8);
    // V = (4/3) (sx/2)(sy/2)(sz/2); A = 8 triangles of area |(sy sz, sx sz, sx sy)| / 8.
    expect(meshVolume(m)).toBeCloseTo((sx * sy * sz) / 6, 12);
    expect(meshArea(m)).toBeCloseTo(Math.hypot(sy * sz, sx * sz, sx * sy), 12);
  });

  it('a voxel block is the box of voxel centres grown by that octahedron (Steiner formula)', () => {
    // Block of a x b x c voxels, L = (a-1, b-1, c-1), unit spacing:
    //   V = L1 L2 L3 + (L1 L2 + L2 L3 + L1 L3) + (L1 + L2 + L3) / 2 + 1/6
    //   A = 2 (L1 L2 + L2 L3 + L1 L3) + 4 (L1 + L2 + L3) / sqrt(2) + sqrt(3)
    // Marching cubes commutes with scaling, so V scales by sx sy sz.
    const [a, b, c] = [5, 3, 2];
    const [L1, L2, L3] = [4, 2, 1];
    const vUnit = L1 * L2 * L3 + (L1 * L2 + L2 * L3 + L1 * L3) + (L1 + L2 + L3) / 2 + 1 / 6;
    const aUnit = 2 * (L1 * L2 + L2 * L3 + L1 * L3) + (4 * (L1 + L2 + L3)) / Math.SQRT2 + Math.sqrt(3);
    const unit = marchingCubes(block(a, b, c), [a, b, c], [1, 1, 1]);
    expect(meshVolume(unit)).toBeCloseTo(vUnit, 10);
    expect(meshArea(unit)).toBeCloseTo(aUnit, 10);
    const sp: Vec3 = [0.7, 1.3, 2.9];
    expect(meshVolume(marchingCubes(block(a, b, c), [a, b, c], sp))).toBeCloseTo(vUnit * sp[0] * sp[1] * sp[2], 9);
    // Diameters (unit spacing): the farthest vertices are (-1/2, 0, 0) and (L1 + 1/2, L2, L3): 25 + 4 + 1 = 30.
    // In a plane z = const (z = 0): (-1/2, 0) to (L1 + 1/2, L2): 25 + 4 = 29. Plane y = 0: (-1/2, 0) to (4.5, 1): 26.
    // Plane x = 0: (y, z) from (-1/2, 0) to (2.5, 1): 9 + 1 = 10, or (0, -1/2) to (2, 1.5): 4 + 4 = 8 -> 10.
    const d = meshDiameters(unit);
    expect(d.max3D).toBeCloseTo(Math.sqrt(30), 12);
    expect(d.sliceZ).toBeCloseTo(Math.sqrt(29), 12);
    expect(d.columnY).toBeCloseTo(Math.sqrt(26), 12);
    expect(d.rowX).toBeCloseTo(Math.sqrt(10), 12);
  });

  it('a voxelised ball of radius 15 has mesh volume within 1 % of 4/3 pi r^3', () => {
    const n = 35;
    const r = 15;
    const mask = new Uint8Array(n ** 3);
    for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
      if ((i - 17) ** 2 + (j - 17) ** 2 + (k - 17) ** 2 <= r * r) mask[i + n * (j + n * k)] = 1;
    }
    const m = marchingCubes(mask, [n, n, n], [1, 1, 1]);
    expect(rel(meshVolume(m), (4 / 3) * Math.PI * r ** 3)).toBeLessThan(0.01);
    expect(meshDiameters(m).max3D).toBeGreaterThan(2 * r);
    expect(meshDiameters(m).max3D).toBeLessThan(2 * r + 1.01);
  });

  it('random masks give closed, consistently oriented meshes (each directed edge once, with its reverse)', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let rep = 0; rep < 40; rep++) {
      const size: Vec3 = [6, 5, 4];
      const mask = new Uint8Array(120);
      for (let i = 0; i < mask.length; i++) mask[i] = rnd() < 0.5 ? 1 : 0;
      const m = marchingCubes(mask, size, [1, 2, 3]);
      const edges = new Map<number, number>();
      const nv = m.vertices.length / 3;
      for (let t = 0; t < m.faces.length; t += 3) {
        for (let e = 0; e < 3; e++) {
          const key = m.faces[t + e] * nv + m.faces[t + ((e + 1) % 3)];
          edges.set(key, (edges.get(key) ?? 0) + 1);
        }
      }
      let bad = 0;
      for (const [key, count] of edges) if (count !== 1 || edges.get((key % nv) * nv + Math.floor(key / nv)) !== 1) bad++;
      expect(bad).toBe(0);
      expect(meshVolume(m)).toBeGreaterThan(0);
    }
  });
  it('pruned diameters equal the exhaustive all-pairs search PyRadiomics does (random masks, anisotropic)', () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let rep = 0; rep < 60; rep++) {
      const mask = new Uint8Array(8 * 7 * 6);
      const p = 0.2 + 0.7 * rnd();
      for (let i = 0; i < mask.length; i++) mask[i] = rnd() < p ? 1 : 0;
      const m = marchingCubes(mask, [8, 7, 6], [0.7, 1.1, 2.3]);
      const v = m.vertices;
      const best = [0, 0, 0, 0];
      for (let a = 0; a < v.length; a += 3) {
        for (let b = a + 3; b < v.length; b += 3) {
          const d = (v[a] - v[b]) ** 2 + (v[a + 1] - v[b + 1]) ** 2 + (v[a + 2] - v[b + 2]) ** 2;
          best[0] = Math.max(best[0], d);
          if (v[a + 2] === v[b + 2]) best[1] = Math.max(best[1], d);
          if (v[a + 1] === v[b + 1]) best[2] = Math.max(best[2], d);
          if (v[a] === v[b]) best[3] = Math.max(best[3], d);
        }
      }
      const d = meshDiameters(m);
      expect([d.max3D, d.sliceZ, d.columnY, d.rowX]).toEqual(best.map(Math.sqrt));
    }
  });
});

describe('shape: closed-form cases', () => {
  it('voxel block: VoxelVolume, and axis lengths from the uniform variance (a^2 - 1) / 12', () => {
    const [a, b, c] = [5, 3, 2];
    const sp: Vec3 = [0.5, 1, 2];
    const f = shapeFeatures(new Uint8Array(a * b * c).fill(1), [a, b, c], sp);
    expect(f.get('VoxelVolume')).toBeCloseTo(30 * 0.5 * 1 * 2, 12);
    // Physical variances: x (25 - 1)/12 * 0.25 = 0.5, y (9 - 1)/12 * 1 = 2/3, z (4 - 1)/12 * 4 = 1.
    expect(f.get('MajorAxisLength')).toBeCloseTo(4, 12);
    expect(f.get('MinorAxisLength')).toBeCloseTo(4 * Math.sqrt(2 / 3), 12);
    expect(f.get('LeastAxisLength')).toBeCloseTo(4 * Math.sqrt(0.5), 12);
    expect(f.get('Elongation')).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(f.get('Flatness')).toBeCloseTo(Math.sqrt(0.5), 12);
    const V = f.get('MeshVolume')!;
    const A = f.get('SurfaceArea')!;
    expect(f.get('Sphericity')).toBeCloseTo(Math.cbrt(36 * Math.PI * V * V) / A, 12);
    expect(f.get('SphericalDisproportion')! * f.get('Sphericity')!).toBeCloseTo(1, 12);
    expect(f.get('Compactness2')).toBeCloseTo(f.get('Sphericity')! ** 3, 12);
  });

  it('symmetric 3 x 3 eigenvalues', () => {
    // [[2,1,0],[1,2,0],[0,0,5]]: eigenvalues 1, 3 (from [[2,1],[1,2]]) and 5.
    const e = symmetricEigenvalues3([2, 1, 0, 1, 2, 0, 0, 0, 5]);
    expect(e[0]).toBeCloseTo(1, 12);
    expect(e[1]).toBeCloseTo(3, 12);
    expect(e[2]).toBeCloseTo(5, 12);
    // [[4,1,1],[1,4,1],[1,1,4]] = 3 I + J: eigenvalues 3, 3, 6.
    const f = symmetricEigenvalues3([4, 1, 1, 1, 4, 1, 1, 1, 4]);
    expect([...f].map((x) => +x.toFixed(10))).toEqual([3, 3, 6]);
  });
});

describe('shape2D: closed-form cases', () => {
  it('one pixel is the diamond |u|/su + |v|/sv <= 1/2', () => {
    const o = marchingSquares(new Uint8Array([1]), 1, 1, 2, 3);
    expect(o.area).toBeCloseTo((2 * 3) / 2, 12); // diamond with diagonals su and sv: su sv / 2
    expect(o.perimeter).toBeCloseTo(4 * Math.hypot(1, 1.5), 12);
    expect(o.diameter).toBeCloseTo(3, 12);
  });

  it('a 4 x 3 rectangle (unit pixels) and a ring with a hole', () => {
    // Rectangle of pixel centres 3 x 2 grown by the unit diamond: 6 + (3 + 2) * 2 * 1/2 + 1/2 = 11.5;
    // perimeter 2 (3 + 2) + 4 sqrt(1/2).
    const f = shape2DFeatures(new Uint8Array(12).fill(1), 4, 3, 1, 1);
    expect(f.get('MeshSurface')).toBeCloseTo(11.5, 12);
    expect(f.get('PixelSurface')).toBe(12);
    expect(f.get('Perimeter')).toBeCloseTo(10 + 4 * Math.SQRT1_2, 12);
    // Pixel-centre variances (16 - 1)/12 and (9 - 1)/12.
    expect(f.get('MajorAxisLength')).toBeCloseTo(4 * Math.sqrt(15 / 12), 12);
    expect(f.get('MinorAxisLength')).toBeCloseTo(4 * Math.sqrt(8 / 12), 12);
    // 3 x 3 ring: outer 9-pixel square (area 4 + 4 + 1/2 = 8.5) minus the centre pixel's diamond (1/2) = 8.
    const ring = new Uint8Array([1, 1, 1, 1, 0, 1, 1, 1, 1]);
    expect(marchingSquares(ring, 3, 3, 1, 1).area).toBeCloseTo(8, 12);
  });
});

describe('firstorder: hand-computed case', () => {
  it('X = [1, 2, 3, 4, 10], levels [1, 1, 2, 2, 2]', () => {
    // mean 4; deviations -3 -2 -1 0 6; mu2 = 50/5 = 10, mu3 = 180/5 = 36, mu4 = 1394/5 = 278.8.
    // numpy.percentile (linear), h = 4 q / 100: P10 -> 1 + 0.4 = 1.4; P90 -> 4 + 0.6 * 6 = 7.6; P25 = 2; P50 = 3; P75 = 4.
    // rMAD over {2, 3, 4} (within [1.4, 7.6]): mean 3, |dev| 1 0 1 -> 2/3. MAD = (3 + 2 + 1 + 0 + 6)/5 = 2.4.
    // Energy with shift c = 1: 2^2 + 3^2 + 4^2 + 5^2 + 11^2 = 175; TotalEnergy with voxel volume 2: 350.
    // p = (0.4, 0.6): Entropy = -(0.4 log2 0.4 + 0.6 log2 0.6) = 0.970950594..., Uniformity 0.52.
    const f = firstOrderFeatures(new Float64Array([3, 1, 10, 2, 4]), new Int32Array([1, 1, 2, 2, 2]), 2, 1);
    const expected: Record<string, number> = {
      Mean: 4, Variance: 10, StandardDeviation: Math.sqrt(10), Skewness: 36 / 10 ** 1.5, Kurtosis: 2.788,
      Minimum: 1, Maximum: 10, Range: 9, '10Percentile': 1.4, '90Percentile': 7.6, Median: 3, InterquartileRange: 2,
      MeanAbsoluteDeviation: 2.4, RobustMeanAbsoluteDeviation: 2 / 3, Energy: 175, TotalEnergy: 350,
      RootMeanSquared: Math.sqrt(35), Entropy: 0.9709505944546686, Uniformity: 0.52,
    };
    for (const [k, v] of Object.entries(expected)) expect(f.get(k), k).toBeCloseTo(v, 12);
  });

  it('flat region: skewness and kurtosis 0, entropy 0', () => {
    const f = firstOrderFeatures(new Float64Array([5, 5, 5]), new Int32Array([1, 1, 1]), 1, 0);
    expect(f.get('Skewness')).toBe(0);
    expect(f.get('Kurtosis')).toBe(0);
    expect(Math.abs(f.get('Entropy')!)).toBeLessThan(1e-12);
  });

  it('percentiles agree with R quantile(type = 7) on rotterdam$age (../shared/data/reference/rotterdam_tests.json)', () => {
    const ref = JSON.parse(readFileSync(data('reference', 'rotterdam_tests.json'), 'utf8')).quantiles_age_type7;
    const t = tableFromText(readFileSync(data('clinical', 'rotterdam.csv'), 'utf8'));
    const ages = Float64Array.from(t.rows.map((r) => Number(r.age))).sort();
    expect(percentileSorted(ages, 25)).toBe(ref['25%']);
    expect(percentileSorted(ages, 50)).toBe(ref['50%']);
    expect(percentileSorted(ages, 75)).toBe(ref['75%']);
  });
});
