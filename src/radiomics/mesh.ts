/**
 * Marching-cubes surface of a binary mask, as scikit-image's `measure.marching_cubes(method='lorensen')` (the classic
 * Lorensen-Cline table) builds it on the mask padded with zeros at level 0.5, and as PyRadiomics' cshape.c places
 * its vertices: every mesh vertex lies halfway along a grid edge joining a voxel inside the mask and one outside, the
 * mask is padded with one empty voxel on every side so the surface is closed, and volume, area and diameters are
 * taken from that triangle mesh.
 *
 * The case table is generated here rather than typed in. On each cube face the iso-line cuts off every foreground
 * corner separately (on an ambiguous face the two foreground corners are not joined: the foreground is 6-connected,
 * as in PyRadiomics' 2-D marching squares). Face segments are oriented with the foreground on their left seen from
 * outside the cube and chained into loops. Each loop is triangulated, as the classic table does, to enclose the
 * largest volume on the side of the cube with fewer corners: the foreground when at most 4 of the 8 corners are
 * inside, otherwise the background. The mesh is closed, consistently oriented (normals point out of the mask) and
 * shares every vertex between neighbouring cubes. The vertex set equals PyRadiomics' (so diameters agree exactly).
 * Measured against scikit-image 0.19.3 'lorensen' (test/reference/skimage_mesh.py): equal on the IBSI digital
 * phantom, area and volume within 4e-5 relative on the IBSI CT phantom (0.977 x 0.977 x 3 mm). The residue comes
 * from two families of the classic table (non-planar hexagons with 4 corners inside, heptagons with 5) whose
 * triangulation follows no volume rule (it is not even invariant under cube rotations).
 */
import type { Vec3 } from '../io/volume.js';

/** A triangle mesh. */
export interface Mesh {
  /** x, y, z per vertex in mm: voxel index (i, j, k) of the input mask times spacing (voxel centres at i * sx). */
  vertices: Float64Array;
  /** Three vertex indices per triangle, counter-clockwise seen from outside (outward normals). */
  faces: Uint32Array;
}

/** Corner c of the unit cube is at offset (c & 1, (c >> 1) & 1, (c >> 2) & 1) along (i, j, k). */
const cornerOffset = (c: number, axis: number) => (c >> axis) & 1;

/** The 12 cube edges: [corner without the bit, axis]; the other corner is `c | (1 << axis)`. */
const EDGES: Array<[number, number]> = [];
for (let axis = 0; axis < 3; axis++) {
  for (let c = 0; c < 8; c++) if (!((c >> axis) & 1)) EDGES.push([c, axis]);
}
function edgeOf(c1: number, c2: number): number {
  const lo = Math.min(c1, c2);
  const axis = Math.log2(c1 ^ c2);
  return EDGES.findIndex(([c, a]) => c === lo && a === axis);
}

/** Faces of the cube, corners counter-clockwise around the outward normal. */
const FACES: number[][] = [];
for (let axis = 0; axis < 3; axis++) {
  const u = (axis + 1) % 3;
  const v = (axis + 2) % 3; // e_u x e_v = e_axis
  for (let side = 0; side < 2; side++) {
    const base = side << axis;
    const ring = [base, base | (1 << u), base | (1 << u) | (1 << v), base | (1 << v)];
    FACES.push(side ? ring : ring.reverse());
  }
}

/** Cube faces (axis * 2 + side) an edge midpoint lies on: bit mask over the 6 faces. */
function edgeFaces(e: number): number {
  const [c, axis] = EDGES[e];
  let m = 0;
  for (let a = 0; a < 3; a++) if (a !== axis) m |= 1 << (a * 2 + ((c >> a) & 1));
  return m;
}

function midpoint(e: number): Vec3 {
  const [c, axis] = EDGES[e];
  return [0, 1, 2].map((a) => cornerOffset(c, a) + (a === axis ? 0.5 : 0)) as Vec3;
}

/** 6 x the signed volume of the tetrahedron (origin, p, q, r): p . (q x r). */
function tripleProduct(p: Vec3, q: Vec3, r: Vec3): number {
  return p[0] * (q[1] * r[2] - q[2] * r[1]) + p[1] * (q[2] * r[0] - q[0] * r[2]) + p[2] * (q[0] * r[1] - q[1] * r[0]);
}

/**
 * Triangulate a loop of edge midpoints so that the volume enclosed on one side is largest (the most convex choice
 * for that side; dynamic programming over the polygon): the foreground side when `foreground`, else the background.
 * Volume ratios survive scaling, so the choice does not depend on the spacing. A diagonal whose ends lie on one cube
 * face would lie in that face, where the neighbouring cube may put the same triangle with the opposite winding
 * (non-manifold edge, area counted twice): such diagonals are avoided.
 */
function triangulate(loop: number[], foreground: boolean): Array<[number, number, number]> {
  const sign = foreground ? 1 : -1;
  const n = loop.length;
  if (n === 3) return [[loop[0], loop[1], loop[2]]];
  const pts = loop.map(midpoint);
  const faces = loop.map(edgeFaces);
  const diagonalCost = (i: number, j: number) => (j - i === 1 || (i === 0 && j === n - 1) ? 0 : faces[i] & faces[j] ? 1e6 : 0);
  const cost: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const split: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(-1));
  for (let len = 2; len < n; len++) {
    for (let i = 0; i + len < n; i++) {
      const j = i + len;
      cost[i][j] = Infinity;
      for (let k = i + 1; k < j; k++) {
        // Loop order has the foreground on the left (inward normals): the outward volume is -p_i . (p_k x p_j) / 6,
        // so minimising the triple product maximises the foreground volume.
        const tp = sign * tripleProduct(pts[i], pts[k], pts[j]);
        const c = cost[i][k] + cost[k][j] + tp + diagonalCost(i, k) + diagonalCost(k, j);
        if (c < cost[i][j] - 1e-12) {
          cost[i][j] = c;
          split[i][j] = k;
        }
      }
    }
  }
  const out: Array<[number, number, number]> = [];
  const emit = (i: number, j: number) => {
    if (j - i < 2) return;
    const k = split[i][j];
    out.push([loop[i], loop[k], loop[j]]);
    emit(i, k);
    emit(k, j);
  };
  emit(0, n - 1);
  return out;
}

/**
 * TRI[cfg * 16 ...]: triangles (edge indices, outward winding) of configuration cfg (bit c set when corner c is
 * inside), terminated by -1.
 */
const TRI = buildTable();

function buildTable(): Int8Array {
  const table = new Int8Array(256 * 16).fill(-1);
  for (let cfg = 1; cfg < 255; cfg++) {
    const inside = (c: number) => (cfg >> c) & 1;
    let nInside = 0;
    for (let c = 0; c < 8; c++) nInside += inside(c);
    // next[e] = edge reached from crossed edge e by the face segment that leaves it.
    const next = new Int8Array(12).fill(-1);
    for (const q of FACES) {
      for (let t = 0; t < 4; t++) {
        const a = q[t];
        const b = q[(t + 1) % 4];
        if (!(inside(a) && !inside(b))) continue;
        // Edge (a, b) leaves the foreground; walk back over the foreground run to the edge that entered it.
        let s = t;
        while (inside(q[(s + 3) % 4])) s = (s + 3) % 4;
        next[edgeOf(a, b)] = edgeOf(q[(s + 3) % 4], q[s]);
      }
    }
    const used = new Uint8Array(12);
    let w = cfg * 16;
    for (let e0 = 0; e0 < 12; e0++) {
      if (next[e0] < 0 || used[e0]) continue;
      const loop: number[] = [];
      for (let e = e0; !used[e]; e = next[e]) {
        used[e] = 1;
        loop.push(e);
      }
      // Loops run with the foreground on their left: reverse the winding for outward normals.
      for (const [a, b, c] of triangulate(loop, nInside <= 4)) {
        table[w++] = a;
        table[w++] = c;
        table[w++] = b;
      }
    }
    if (w > cfg * 16 + 15) throw new Error(`marching-cubes table overflow for case ${cfg}`);
  }
  return table;
}

/**
 * Marching cubes on a binary mask (any non-zero voxel is inside), i fastest. The mask is treated as surrounded by
 * empty voxels, so the mesh is closed. Vertices are edge midpoints in the voxel-index frame times spacing.
 */
export function marchingCubes(mask: Uint8Array, size: Vec3, spacing: Vec3): Mesh {
  const [n0, n1, n2] = size;
  const p0 = n0 + 2;
  const p1 = n1 + 2;
  const p2 = n2 + 2;
  const s1 = p0;
  const s2 = p0 * p1;
  const pad = new Uint8Array(p0 * p1 * p2);
  for (let k = 0, o = 0; k < n2; k++) {
    for (let j = 0; j < n1; j++) {
      const base = 1 + s1 * (j + 1) + s2 * (k + 1);
      for (let i = 0; i < n0; i++, o++) if (mask[o]) pad[base + i] = 1;
    }
  }
  // Vertex id of the edge leaving padded voxel v along axis a: vid[3 v + a] (-1 if not yet made).
  const vid = new Int32Array(3 * pad.length).fill(-1);
  let verts = new Float64Array(3 * 1024);
  let nv = 0;
  let faces = new Uint32Array(3 * 2048);
  let nf = 0;
  const cornerStride = [0, 1, s1, 1 + s1, s2, 1 + s2, s1 + s2, 1 + s1 + s2];
  const edgeKey = new Int32Array(12);
  const edgeVoxel = new Int32Array(12);
  for (let e = 0; e < 12; e++) {
    edgeVoxel[e] = cornerStride[EDGES[e][0]];
    edgeKey[e] = EDGES[e][1];
  }
  const sp = spacing;
  for (let k = 0; k < p2 - 1; k++) {
    for (let j = 0; j < p1 - 1; j++) {
      for (let i = 0; i < p0 - 1; i++) {
        const v0 = i + s1 * j + s2 * k;
        let cfg = 0;
        for (let c = 0; c < 8; c++) if (pad[v0 + cornerStride[c]]) cfg |= 1 << c;
        if (cfg === 0 || cfg === 255) continue;
        for (let t = cfg * 16; TRI[t] >= 0; t++) {
          const e = TRI[t];
          const key = 3 * (v0 + edgeVoxel[e]) + edgeKey[e];
          let id = vid[key];
          if (id < 0) {
            id = vid[key] = nv;
            if (3 * nv + 3 > verts.length) {
              const grown = new Float64Array(verts.length * 2);
              grown.set(verts);
              verts = grown;
            }
            const c = EDGES[e][0];
            const a = EDGES[e][1];
            verts[3 * nv] = (i - 1 + cornerOffset(c, 0) + (a === 0 ? 0.5 : 0)) * sp[0];
            verts[3 * nv + 1] = (j - 1 + cornerOffset(c, 1) + (a === 1 ? 0.5 : 0)) * sp[1];
            verts[3 * nv + 2] = (k - 1 + cornerOffset(c, 2) + (a === 2 ? 0.5 : 0)) * sp[2];
            nv++;
          }
          if (nf >= faces.length) {
            const grown = new Uint32Array(faces.length * 2);
            grown.set(faces);
            faces = grown;
          }
          faces[nf++] = id;
        }
      }
    }
  }
  return { vertices: verts.slice(0, 3 * nv), faces: faces.slice(0, nf) };
}

/**
 * Volume and surface area of a closed, outward-oriented mesh in one pass over its triangles (a, b, c):
 * volume (IBSI RNU0, PyRadiomics MeshVolume) V = sum a . (b x c) / 6, the signed tetrahedron volumes with the
 * origin; area (IBSI C0JK, PyRadiomics SurfaceArea) A = sum |(b - a) x (c - a)| / 2.
 */
export function meshVolumeArea(m: Mesh): { volume: number; area: number } {
  const v = m.vertices;
  const f = m.faces;
  let vol = 0;
  let area = 0;
  for (let t = 0; t < f.length; t += 3) {
    const a = 3 * f[t];
    const b = 3 * f[t + 1];
    const c = 3 * f[t + 2];
    const cx = v[b + 1] * v[c + 2] - v[b + 2] * v[c + 1];
    const cy = v[b + 2] * v[c] - v[b] * v[c + 2];
    const cz = v[b] * v[c + 1] - v[b + 1] * v[c];
    vol += v[a] * cx + v[a + 1] * cy + v[a + 2] * cz;
    const ux = v[b] - v[a];
    const uy = v[b + 1] - v[a + 1];
    const uz = v[b + 2] - v[a + 2];
    const wx = v[c] - v[a];
    const wy = v[c + 1] - v[a + 1];
    const wz = v[c + 2] - v[a + 2];
    const x = uy * wz - uz * wy;
    const y = uz * wx - ux * wz;
    const z = ux * wy - uy * wx;
    area += Math.sqrt(x * x + y * y + z * z);
  }
  return { volume: vol / 6, area: area / 2 };
}

/** Volume enclosed by a closed, outward-oriented mesh (IBSI RNU0, PyRadiomics MeshVolume); see meshVolumeArea. */
export function meshVolume(m: Mesh): number {
  return meshVolumeArea(m).volume;
}

/** Surface area of a mesh (IBSI C0JK, PyRadiomics SurfaceArea); see meshVolumeArea. */
export function meshArea(m: Mesh): number {
  return meshVolumeArea(m).area;
}

/** Largest vertex-to-vertex distances of a mesh (mm). */
export interface MeshDiameters {
  /** Over all vertex pairs (PyRadiomics Maximum3DDiameter, IBSI L0JK). */
  max3D: number;
  /** Pairs with equal z, i.e. in one axial slice (PyRadiomics Maximum2DDiameterSlice). */
  sliceZ: number;
  /** Pairs with equal y (PyRadiomics Maximum2DDiameterColumn). */
  columnY: number;
  /** Pairs with equal x (PyRadiomics Maximum2DDiameterRow). */
  rowX: number;
}

/**
 * Flag the vertices that are first or last along their line parallel to `axis` (same other two coordinates).
 * A vertex strictly between two others on a line is not an extreme point of the convex hull.
 */
function markLineExtremes(v: Float64Array, axis: number, flag: Uint8Array, bit: number): void {
  const n = v.length / 3;
  const u = (axis + 1) % 3;
  const w = (axis + 2) % 3;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => v[3 * a + u] - v[3 * b + u] || v[3 * a + w] - v[3 * b + w] || v[3 * a + axis] - v[3 * b + axis]);
  for (let s = 0; s < n; ) {
    let e = s + 1;
    const a = order[s];
    while (e < n && v[3 * order[e] + u] === v[3 * a + u] && v[3 * order[e] + w] === v[3 * a + w]) e++;
    flag[a] |= bit;
    flag[order[e - 1]] |= bit;
    s = e;
  }
}

/** Squared distance between the points at offsets a and b of the xyz array v. */
function squaredDistance(v: Float64Array, a: number, b: number): number {
  const dx = v[a] - v[b];
  const dy = v[a + 1] - v[b + 1];
  const dz = v[a + 2] - v[b + 2];
  return dx * dx + dy * dy + dz * dz;
}

/** Largest squared distance between points `idx` of `v`; with `plane` >= 0 only pairs with equal coordinate `plane`. */
function maxSquaredDistance(v: Float64Array, idx: number[], plane: number): number {
  if (plane >= 0) idx.sort((a, b) => v[3 * a + plane] - v[3 * b + plane]);
  let best = 0;
  for (let s = 0; s < idx.length; ) {
    let e = s + 1;
    if (plane >= 0) while (e < idx.length && v[3 * idx[e] + plane] === v[3 * idx[s] + plane]) e++;
    else e = idx.length;
    for (let p = s; p < e; p++) {
      const a = 3 * idx[p];
      for (let q = p + 1; q < e; q++) {
        const d = squaredDistance(v, a, 3 * idx[q]);
        if (d > best) best = d;
      }
    }
    s = e;
  }
  return best;
}

/**
 * Largest squared distance between points `idx` of `v`, pruned exactly by the triangle inequality: with r the
 * distance to the centroid, |a - b| <= r_a + r_b, so pairs are visited by decreasing r and skipped once
 * r_a + r_b cannot beat the best distance found.
 */
function maxSquaredDistance3D(v: Float64Array, idx: number[]): number {
  const n = idx.length;
  let cx = 0;
  let cy = 0;
  let cz = 0;
  for (const i of idx) {
    cx += v[3 * i];
    cy += v[3 * i + 1];
    cz += v[3 * i + 2];
  }
  cx /= n;
  cy /= n;
  cz /= n;
  const r = new Float64Array(v.length / 3);
  for (const i of idx) r[i] = Math.hypot(v[3 * i] - cx, v[3 * i + 1] - cy, v[3 * i + 2] - cz);
  idx.sort((a, b) => r[b] - r[a]);
  const slack = 1 + 1e-12;
  let best = 0;
  for (let p = 0; p < n; p++) {
    const a = 3 * idx[p];
    const ra = r[idx[p]];
    if (p + 1 < n && ((ra + r[idx[p + 1]]) * slack) ** 2 < best) break;
    for (let q = p + 1; q < n; q++) {
      const rb = r[idx[q]];
      if (((ra + rb) * slack) ** 2 < best) break;
      const d = squaredDistance(v, a, 3 * idx[q]);
      if (d > best) best = d;
    }
  }
  return best;
}

/**
 * Maximum distances between mesh vertices, in 3-D and within planes of constant z, y and x, as PyRadiomics'
 * calculate_meshDiameter (which compares all vertex pairs; vertices lie on a half-voxel grid, so planes are found
 * by exact equality). Same result, faster: the farthest pair of a point set is a pair of convex-hull vertices, so
 * only vertices first or last on their grid lines are compared (in a plane, lines within that plane).
 */
export function meshDiameters(m: Mesh): MeshDiameters {
  const v = m.vertices;
  const n = v.length / 3;
  const flag = new Uint8Array(n);
  for (let axis = 0; axis < 3; axis++) markLineExtremes(v, axis, flag, 1 << axis);
  const pick = (bits: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) if ((flag[i] & bits) === bits) out.push(i);
    return out;
  };
  return {
    max3D: Math.sqrt(maxSquaredDistance3D(v, pick(7))),
    sliceZ: Math.sqrt(maxSquaredDistance(v, pick(3), 2)),
    columnY: Math.sqrt(maxSquaredDistance(v, pick(5), 1)),
    rowX: Math.sqrt(maxSquaredDistance(v, pick(6), 0)),
  };
}
