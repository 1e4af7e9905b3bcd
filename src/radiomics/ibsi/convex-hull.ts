/**
 * 3D convex hull (quickhull, Barber et al. 1996) of a point set, for the IBSI morphology features that use
 * the ROI mesh's convex hull: maximum 3D diameter (L0JK), volume density (R3ER) and area density (7T7F).
 * Points within a relative 1e-10 of a face count as on it (coplanar points are common on voxel meshes).
 */

export interface Hull {
  /** Indices (into the input points) of the hull's vertices. */
  vertices: Int32Array;
  /** Outward-oriented triangles, index triples into the input points. */
  faces: Int32Array;
}

interface Face {
  a: number;
  b: number;
  c: number;
  nx: number;
  ny: number;
  nz: number;
  d: number;
  outside: number[];
  alive: boolean;
}

/** Convex hull of points given as xyz triples. Throws if the points are (nearly) coplanar. */
export function convexHull(p: ArrayLike<number>): Hull {
  const n = p.length / 3;
  if (n < 4) throw new Error('convexHull: fewer than 4 points');
  let scale = 0;
  for (let i = 0; i < p.length; i++) scale = Math.max(scale, Math.abs(p[i]));
  const eps = 1e-10 * Math.max(1, scale);
  const X = (i: number) => p[3 * i];
  const Y = (i: number) => p[3 * i + 1];
  const Z = (i: number) => p[3 * i + 2];

  // Initial simplex: the farthest pair among the axis extremes, the farthest point from their line,
  // the farthest from their plane.
  const ext: number[] = [];
  for (let a = 0; a < 3; a++) {
    let lo = 0;
    let hi = 0;
    for (let i = 1; i < n; i++) {
      if (p[3 * i + a] < p[3 * lo + a]) lo = i;
      if (p[3 * i + a] > p[3 * hi + a]) hi = i;
    }
    ext.push(lo, hi);
  }
  const dist2 = (i: number, j: number) => (X(i) - X(j)) ** 2 + (Y(i) - Y(j)) ** 2 + (Z(i) - Z(j)) ** 2;
  let i0 = ext[0];
  let i1 = ext[1];
  for (const u of ext) for (const v of ext) if (dist2(u, v) > dist2(i0, i1)) [i0, i1] = [u, v];
  const ux = X(i1) - X(i0);
  const uy = Y(i1) - Y(i0);
  const uz = Z(i1) - Z(i0);
  let i2 = -1;
  let best = 0;
  for (let i = 0; i < n; i++) {
    const vx = X(i) - X(i0);
    const vy = Y(i) - Y(i0);
    const vz = Z(i) - Z(i0);
    const cx = uy * vz - uz * vy;
    const cy = uz * vx - ux * vz;
    const cz = ux * vy - uy * vx;
    const d = cx * cx + cy * cy + cz * cz;
    if (d > best) {
      best = d;
      i2 = i;
    }
  }
  if (i2 < 0 || Math.sqrt(best) < eps) throw new Error('convexHull: points are collinear');
  const plane = makePlane(p, i0, i1, i2);
  let i3 = -1;
  best = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(plane.nx * X(i) + plane.ny * Y(i) + plane.nz * Z(i) - plane.d);
    if (d > best) {
      best = d;
      i3 = i;
    }
  }
  if (i3 < 0 || best < eps) throw new Error('convexHull: points are coplanar');

  const faces: Face[] = [];
  const edges = new Map<number, Face>();
  const key = (a: number, b: number) => a * n + b;
  const addFace = (a: number, b: number, c: number): Face => {
    const pl = makePlane(p, a, b, c);
    const f: Face = { a, b, c, ...pl, outside: [], alive: true };
    faces.push(f);
    edges.set(key(a, b), f);
    edges.set(key(b, c), f);
    edges.set(key(c, a), f);
    return f;
  };
  const above = (f: Face, i: number) => f.nx * X(i) + f.ny * Y(i) + f.nz * Z(i) - f.d;
  // Orient the simplex so that i3 is behind the first face.
  const base = [i0, i1, i2];
  if (plane.nx * X(i3) + plane.ny * Y(i3) + plane.nz * Z(i3) - plane.d > 0) base.reverse();
  const [a0, b0, c0] = base;
  const initial = [addFace(a0, b0, c0), addFace(a0, i3, b0), addFace(b0, i3, c0), addFace(c0, i3, a0)];
  for (let i = 0; i < n; i++) {
    if (i === i0 || i === i1 || i === i2 || i === i3) continue;
    for (const f of initial) {
      if (above(f, i) > eps) {
        f.outside.push(i);
        break;
      }
    }
  }

  const stack = faces.slice();
  while (stack.length > 0) {
    const f = stack.pop() as Face;
    if (!f.alive || f.outside.length === 0) continue;
    let eye = f.outside[0];
    let far = above(f, eye);
    for (const i of f.outside) {
      const d = above(f, i);
      if (d > far) {
        far = d;
        eye = i;
      }
    }
    // Visible faces (flood fill over neighbours) and the horizon: edges to non-visible faces.
    const visible: Face[] = [f];
    f.alive = false;
    const horizon: number[] = [];
    for (let v = 0; v < visible.length; v++) {
      const g = visible[v];
      for (const [s, t] of [
        [g.a, g.b],
        [g.b, g.c],
        [g.c, g.a],
      ]) {
        const h = edges.get(key(t, s));
        if (!h) throw new Error('convexHull: open hull');
        if (!h.alive) continue;
        if (above(h, eye) > eps) {
          h.alive = false;
          visible.push(h);
        } else horizon.push(s, t);
      }
    }
    for (const g of visible) {
      edges.delete(key(g.a, g.b));
      edges.delete(key(g.b, g.c));
      edges.delete(key(g.c, g.a));
    }
    const created: Face[] = [];
    for (let e = 0; e < horizon.length; e += 2) created.push(addFace(horizon[e], horizon[e + 1], eye));
    for (const g of visible) {
      for (const i of g.outside) {
        if (i === eye) continue;
        for (const h of created) {
          if (above(h, i) > eps) {
            h.outside.push(i);
            break;
          }
        }
      }
      g.outside = [];
    }
    for (const h of created) stack.push(h);
  }

  const alive = faces.filter((f) => f.alive);
  const out = new Int32Array(alive.length * 3);
  const used = new Set<number>();
  alive.forEach((f, k) => {
    out[3 * k] = f.a;
    out[3 * k + 1] = f.b;
    out[3 * k + 2] = f.c;
    used.add(f.a).add(f.b).add(f.c);
  });
  return { vertices: Int32Array.from([...used].sort((x, y) => x - y)), faces: out };
}

function makePlane(p: ArrayLike<number>, a: number, b: number, c: number) {
  const ux = p[3 * b] - p[3 * a];
  const uy = p[3 * b + 1] - p[3 * a + 1];
  const uz = p[3 * b + 2] - p[3 * a + 2];
  const vx = p[3 * c] - p[3 * a];
  const vy = p[3 * c + 1] - p[3 * a + 1];
  const vz = p[3 * c + 2] - p[3 * a + 2];
  let nx = uy * vz - uz * vy;
  let ny = uz * vx - ux * vz;
  let nz = ux * vy - uy * vx;
  const len = Math.hypot(nx, ny, nz) || 1;
  nx /= len;
  ny /= len;
  nz /= len;
  return { nx, ny, nz, d: nx * p[3 * a] + ny * p[3 * a + 1] + nz * p[3 * a + 2] };
}

/** Volume (sum of signed tetrahedra a.(b x c)/6) and area (sum |ab x ac|/2) of a closed triangle mesh. */
export function meshMeasures(p: ArrayLike<number>, faces: ArrayLike<number>): { volume: number; area: number } {
  let vol = 0;
  let area = 0;
  for (let f = 0; f < faces.length; f += 3) {
    const a = 3 * faces[f];
    const b = 3 * faces[f + 1];
    const c = 3 * faces[f + 2];
    const ax = p[a];
    const ay = p[a + 1];
    const az = p[a + 2];
    const bx = p[b];
    const by = p[b + 1];
    const bz = p[b + 2];
    const cx = p[c];
    const cy = p[c + 1];
    const cz = p[c + 2];
    vol += ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
    const ux = bx - ax;
    const uy = by - ay;
    const uz = bz - az;
    const vx = cx - ax;
    const vy = cy - ay;
    const vz = cz - az;
    area += Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx) / 2;
  }
  return { volume: Math.abs(vol) / 6, area };
}
