import { beforeAll, describe, expect, it } from 'vitest';
import { readVolume } from '../src/io/read.js';
import type { Vec3 } from '../src/io/volume.js';
import { marchingCubes, meshArea, meshVolume, type Mesh } from '../src/radiomics/mesh.js';
import { data } from './helpers/data.js';

/**
 * Outside reference: scikit-image 0.19.3 (numpy 1.24.2, nibabel 5.0.0, Python 3.11.2, Debian python3-skimage),
 * printed by `python3 test/reference/skimage_mesh.py`:
 *   verts, faces = measure.marching_cubes(np.pad(mask, 1), level=0.5, spacing=spacing, method=...)[:2]
 *   area = measure.mesh_surface_area(verts, faces); volume = |sum a . (b x c)| / 6 over the triangles.
 * 'lorensen' is the classic table that mesh.ts follows; 'lewiner' (quoted for the docs) is not closed on binary
 * masks (its ambiguity tests tie at level 0.5), so it is not the target.
 */
const SKIMAGE = {
  digital: { lorensen: { area: 388.0706298811092, volume: 556.3333333333334 }, lewiner: { area: 388.0706298811092, volume: 556.3333333333334 } },
  ct: { lorensen: { area: 35702.15647765266, volume: 358407.6213657222 }, lewiner: { area: 35706.05390460629, volume: 358417.6439201828 } },
  randomAniso: { lorensen: { area: 1990.2960458160824, volume: 665.5687500000009 } },
  randomIso: { lorensen: { area: 4271.622609653781, volume: 2766.0 } },
};

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** The script's random mask: x <- (1664525 x + 1013904223) mod 2^32 from x0 = seed; inside when x >> 31; i fastest. */
function lcgMask(size: Vec3, seed: number): Uint8Array {
  const m = new Uint8Array(size[0] * size[1] * size[2]);
  let x = BigInt(seed);
  for (let n = 0; n < m.length; n++) {
    x = (1664525n * x + 1013904223n) % 4294967296n;
    m[n] = Number(x >> 31n);
  }
  return m;
}

/** Number of directed edges that do not occur exactly once with their reverse also exactly once (0 = closed, oriented). */
function badEdges(m: Mesh): number {
  const nv = m.vertices.length / 3;
  const count = new Map<number, number>();
  for (let t = 0; t < m.faces.length; t += 3) {
    for (let e = 0; e < 3; e++) {
      const key = m.faces[t + e] * nv + m.faces[t + ((e + 1) % 3)];
      count.set(key, (count.get(key) ?? 0) + 1);
    }
  }
  let bad = 0;
  for (const [key, c] of count) if (c !== 1 || count.get((key % nv) * nv + Math.floor(key / nv)) !== 1) bad++;
  return bad;
}

async function maskMesh(dir: string): Promise<Mesh> {
  const v = await readVolume(data('ibsi1', dir, 'mask', 'mask.nii.gz'));
  const mask = new Uint8Array(v.data.length);
  for (let i = 0; i < mask.length; i++) mask[i] = Math.round(v.data[i]) > 0 ? 1 : 0;
  return marchingCubes(mask, v.size, v.spacing);
}

const meshes = new Map<string, Mesh>();
beforeAll(async () => {
  meshes.set('digital', await maskMesh('digital_phantom'));
  meshes.set('ct', await maskMesh('ct_phantom'));
  meshes.set('randomAniso', marchingCubes(lcgMask([12, 10, 8], 7), [12, 10, 8], [0.7, 1.1, 2.5]));
  meshes.set('randomIso', marchingCubes(lcgMask([12, 10, 8], 7), [12, 10, 8], [2, 2, 2]));
}, 60_000);

describe('marching cubes vs scikit-image measure.marching_cubes(method="lorensen")', () => {
  it('IBSI digital phantom (2 mm): area and volume equal to round-off', () => {
    const m = meshes.get('digital')!;
    expect(rel(meshArea(m), SKIMAGE.digital.lorensen.area)).toBeLessThan(1e-12);
    expect(rel(meshVolume(m), SKIMAGE.digital.lorensen.volume)).toBeLessThan(1e-12);
  });

  it('IBSI CT phantom morphological mask (0.977 x 0.977 x 3 mm): area and volume within 5e-5 relative', () => {
    // Measured: area 35702.80 (+1.8e-5), volume 358421.70 (+3.9e-5); the classic table's hexagons with 4 corners
    // inside and heptagons with 5 follow no volume rule, which leaves this residue.
    const m = meshes.get('ct')!;
    expect(rel(meshArea(m), SKIMAGE.ct.lorensen.area)).toBeLessThan(5e-5);
    expect(rel(meshVolume(m), SKIMAGE.ct.lorensen.volume)).toBeLessThan(5e-5);
    // 'lewiner' differs from 'lorensen' by 1.1e-4 (area) here; ours is within 1.2e-4 of it as well.
    expect(rel(meshArea(m), SKIMAGE.ct.lewiner.area)).toBeLessThan(1.2e-4);
  });

  it('random 12 x 10 x 8 mask (half the voxels): same triangle count; area within 0.6 %, volume within 2 %', () => {
    // A worst case (nearly every cube non-planar or ambiguous, unlike a tumour mask). Measured: 3176 triangles as
    // scikit-image; area 1979.96 (-0.52 %) / 4259.11 (-0.29 %), volume 677.76 / 2816.67 (+1.83 % both).
    for (const key of ['randomAniso', 'randomIso'] as const) {
      const m = meshes.get(key)!;
      expect(m.faces.length / 3).toBe(3176);
      expect(rel(meshArea(m), SKIMAGE[key].lorensen.area)).toBeLessThan(0.006);
      expect(rel(meshVolume(m), SKIMAGE[key].lorensen.volume)).toBeLessThan(0.02);
    }
  });
});

describe('mesh topology', () => {
  it('phantom and random meshes are closed and consistently oriented (each directed edge once, with its reverse)', () => {
    for (const [key, m] of meshes) {
      expect(badEdges(m), key).toBe(0);
      expect(meshVolume(m), key).toBeGreaterThan(0);
    }
  });

  it('a single voxel gives an octahedron of 8 triangles, volume sx sy sz / 6 (closed form)', () => {
    const m = marchingCubes(new Uint8Array([1]), [1, 1, 1], [1, 2, 3]);
    expect(m.faces.length / 3).toBe(8);
    expect(badEdges(m)).toBe(0);
    expect(meshVolume(m)).toBeCloseTo(1, 12);
  });
});
