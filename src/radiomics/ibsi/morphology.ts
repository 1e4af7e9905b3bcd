/**
 * IBSI morphological features (family HCUG), 3D by definition (aggregation ''). The mesh is the marching-cubes
 * surface of the morphological mask (src/radiomics/mesh.ts); voxel point sets use voxel centres in mm.
 * V = mesh volume, A = mesh area; PCA eigenvalues lambda_major >= lambda_minor >= lambda_least of the
 * sample covariance (1/(N-1), as numpy.cov: principalMoments with ddof 1) of the morphological mask's voxel
 * centres.
 */
import { marchingCubes, meshVolumeArea } from '../mesh.js';
import { principalMoments } from '../principal-axes.js';
import { convexHull, meshMeasures } from './convex-hull.js';
import { moranGeary } from './autocorrelation.js';
import type { IbsiFamily, IbsiInput, IbsiValue } from './types.js';

/**
 * Surface area of an ellipsoid with semi-axes a >= b >= c (IBSI approximation, series to nu = 20):
 * A = 4 pi a b sum_nu (alpha beta)^nu / (1 - 4 nu^2) P_nu((alpha^2 + beta^2) / (2 alpha beta)),
 * alpha = sqrt(1 - b^2/a^2), beta = sqrt(1 - c^2/a^2). The terms Q_nu = (alpha beta)^nu P_nu(x) follow from
 * Bonnet's recurrence, Q_{nu+1} = ((2nu+1) (alpha^2+beta^2)/2 Q_nu - nu (alpha beta)^2 Q_{nu-1}) / (nu+1),
 * which stays finite for a sphere (alpha = beta = 0).
 */
export function ellipsoidArea(a: number, b: number, c: number, terms = 20): number {
  const alpha = Math.sqrt(Math.max(0, 1 - (b * b) / (a * a)));
  const beta = Math.sqrt(Math.max(0, 1 - (c * c) / (a * a)));
  const h = (alpha * alpha + beta * beta) / 2;
  const g2 = (alpha * beta) ** 2;
  let qPrev = 1;
  let q = h;
  let sum = qPrev + q / (1 - 4);
  for (let nu = 1; nu < terms; nu++) {
    const next = ((2 * nu + 1) * h * q - nu * g2 * qPrev) / (nu + 1);
    qPrev = q;
    q = next;
    sum += q / (1 - 4 * (nu + 1) ** 2);
  }
  return 4 * Math.PI * a * b * sum;
}

/**
 * Volume (mesh) RNU0 = V; volume (voxel counting) YEKZ = N_v,morph * voxel volume; surface area C0JK = A;
 * surface to volume ratio 2PR5 = A/V; compactness 1 SKGS = V / (pi^1/2 A^3/2); compactness 2 BQWJ = 36 pi V^2/A^3;
 * spherical disproportion KRCK = A / (36 pi V^2)^1/3; sphericity QCFX = (36 pi V^2)^1/3 / A; asphericity 25C7 =
 * (A^3 / (36 pi V^2))^1/3 - 1; centre of mass shift KLMA = |CoM(morph voxels) - CoM(intensity-weighted intensity
 * voxels)|; maximum 3D diameter L0JK (convex hull vertices); major / minor / least axis length TDIC / P9VJ / 7J51 =
 * 4 sqrt(lambda); elongation Q3CK = sqrt(lambda_minor/lambda_major); flatness N17B = sqrt(lambda_least/lambda_major);
 * volume / area density of the axis-aligned bounding box of the mesh PBX1 / R59B; of the approximate enclosing
 * ellipsoid (semi-axes 2 sqrt(lambda)) 6BDE / RDD2; of the convex hull R3ER / 7T7F; integrated intensity 99N0 =
 * V * mean intensity; Moran's I N365 and Geary's C NPT7 (autocorrelation.ts, O(N^2)).
 * PyRadiomics' shape class has MeshVolume, VoxelVolume, SurfaceArea, SurfaceVolumeRatio, Sphericity,
 * Maximum3DDiameter, Major/Minor/LeastAxisLength, Elongation, Flatness.
 * Not computed: the oriented minimum bounding box and minimum volume enclosing ellipsoid densities
 * (ZH1A, IQYR, SWZ1, BRI8), which have no reference values.
 */
export const ibsiMorphology: IbsiFamily = (q: IbsiInput): IbsiValue[] => {
  const [nx, ny, nz] = q.size;
  const [sx, sy, sz] = q.spacing;
  const mesh = marchingCubes(q.morphMask, q.size, q.spacing);
  const { volume: V, area: A } = meshVolumeArea(mesh);

  // Voxel point sets: morphological (geometry) and intensity-weighted.
  let nm = 0;
  let mx = 0;
  let my = 0;
  let mz = 0;
  let wsum = 0;
  let gx = 0;
  let gy = 0;
  let gz = 0;
  let ni = 0;
  for (let k = 0, idx = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        if (q.morphMask[idx]) {
          nm++;
          mx += i * sx;
          my += j * sy;
          mz += k * sz;
        }
        if (q.mask[idx]) {
          const x = q.image[idx];
          ni++;
          wsum += x;
          gx += x * i * sx;
          gy += x * j * sy;
          gz += x * k * sz;
        }
      }
    }
  }
  mx /= nm;
  my /= nm;
  mz /= nm;
  const comShift = Math.hypot(mx - gx / wsum, my - gy / wsum, mz - gz / wsum);
  const [lLeast, lMinor, lMajor] = principalMoments(q.morphMask, q.size, q.spacing, 1).map((l) => Math.max(0, l));

  // Axis-aligned bounding box of the mesh vertices.
  const vx = mesh.vertices;
  const bl = [Infinity, Infinity, Infinity];
  const bh = [-Infinity, -Infinity, -Infinity];
  for (let t = 0; t < vx.length; t += 3) {
    for (let a = 0; a < 3; a++) {
      const c = vx[t + a];
      if (c < bl[a]) bl[a] = c;
      if (c > bh[a]) bh[a] = c;
    }
  }
  const ex = bh[0] - bl[0];
  const ey = bh[1] - bl[1];
  const ez = bh[2] - bl[2];

  // Convex hull of the mesh vertices: diameter, volume, area.
  const hull = convexHull(vx);
  const hv = hull.vertices;
  let d2 = 0;
  for (let a = 0; a < hv.length; a++) {
    const pa = 3 * hv[a];
    for (let b = a + 1; b < hv.length; b++) {
      const pb = 3 * hv[b];
      const d = (vx[pa] - vx[pb]) ** 2 + (vx[pa + 1] - vx[pb + 1]) ** 2 + (vx[pa + 2] - vx[pb + 2]) ** 2;
      if (d > d2) d2 = d;
    }
  }
  const hm = meshMeasures(vx, hull.faces);

  const ea = 2 * Math.sqrt(lMajor);
  const eb = 2 * Math.sqrt(lMinor);
  const ec = 2 * Math.sqrt(lLeast);
  const { moran, geary } = moranGeary(q.image, q.mask, q.size, q.spacing);
  const sph = Math.cbrt(36 * Math.PI * V * V);
  const v = (code: string, value: number): IbsiValue => ({ code, aggr: '', value });
  return [
    v('RNU0', V),
    v('YEKZ', nm * sx * sy * sz),
    v('C0JK', A),
    v('2PR5', A / V),
    v('SKGS', V / (Math.sqrt(Math.PI) * A ** 1.5)),
    v('BQWJ', (36 * Math.PI * V * V) / A ** 3),
    v('KRCK', A / sph),
    v('QCFX', sph / A),
    v('25C7', A / sph - 1),
    v('KLMA', comShift),
    v('L0JK', Math.sqrt(d2)),
    v('TDIC', 4 * Math.sqrt(lMajor)),
    v('P9VJ', 4 * Math.sqrt(lMinor)),
    v('7J51', 4 * Math.sqrt(lLeast)),
    v('Q3CK', Math.sqrt(lMinor / lMajor)),
    v('N17B', Math.sqrt(lLeast / lMajor)),
    v('PBX1', V / (ex * ey * ez)),
    v('R59B', A / (2 * (ex * ey + ey * ez + ez * ex))),
    v('6BDE', (3 * V) / (4 * Math.PI * ea * eb * ec)),
    v('RDD2', A / ellipsoidArea(ea, eb, ec)),
    v('R3ER', V / hm.volume),
    v('7T7F', A / hm.area),
    v('99N0', (V * wsum) / ni),
    v('N365', moran),
    v('NPT7', geary),
  ];
};
