/**
 * NIfTI-1 (.nii, .nii.gz) reader and writer, strict about truncation and sizes.
 * Geometry follows ITK 5.4's NiftiImageIO: the sform when sform_code is 1 and the sform is a rotation after
 * scaling, or when there is no qform; else the qform; spacing from pixdim; with neither transform, identity
 * direction and zero origin. RAS (NIfTI) is turned into LPS (ITK) by negating x and y.
 * Voxel scaling (scl_slope, scl_inter) is applied, giving float32 voxels, as ITK does.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { fileError } from '../util/errors.js';
import { allocate, asBytes, BYTES, componentTypeOf, decode, type ComponentType } from './dtype.js';
import { maxVoxels } from './limits.js';
import type { Vec3, Volume } from './volume.js';

const NIFTI_TYPES: Record<number, ComponentType> = {
  2: 'uint8',
  4: 'int16',
  8: 'int32',
  16: 'float32',
  64: 'float64',
  256: 'int8',
  512: 'uint16',
  768: 'uint32',
};
const TYPE_CODES: Record<ComponentType, number> = {
  uint8: 2,
  int16: 4,
  int32: 8,
  float32: 16,
  float64: 64,
  int8: 256,
  uint16: 512,
  uint32: 768,
};

export function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** Uncompressed length stored in a gzip trailer (ISIZE, modulo 2^32). */
function gzipISize(b: Uint8Array): number {
  const n = b.length;
  return (b[n - 4] | (b[n - 3] << 8) | (b[n - 2] << 16) | (b[n - 1] << 24)) >>> 0;
}

export function gunzipChecked(file: string, b: Uint8Array, expected?: number): Uint8Array {
  if (b.length < 18) throw fileError(file, 'truncated gzip stream');
  if (expected !== undefined && expected < 2 ** 32 && gzipISize(b) < expected) {
    throw fileError(file, `truncated or corrupt: the header needs ${expected} bytes, the gzip stream holds ${gzipISize(b)}`);
  }
  try {
    return gunzipSync(b);
  } catch (e) {
    throw fileError(file, `truncated or corrupt gzip stream (${(e as Error).message})`);
  }
}

interface Header {
  dims: number[];
  type: ComponentType;
  voxOffset: number;
  littleEndian: boolean;
  slope: number;
  inter: number;
  spacing: Vec3;
  origin: Vec3;
  direction: number[];
}

/** Parse the 348-byte NIfTI-1 header. */
function parseHeader(file: string, b: Uint8Array): Header {
  if (b.length < 348) throw fileError(file, 'not a NIfTI file (shorter than a header)');
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let le = true;
  const sz = dv.getInt32(0, true);
  if (sz !== 348) {
    if (dv.getInt32(0, false) === 348) le = false;
    else if (sz === 540 || dv.getInt32(0, false) === 540) throw fileError(file, 'NIfTI-2 files are not supported; save as NIfTI-1');
    else throw fileError(file, 'not a NIfTI-1 file (bad header size)');
  }
  const magic = String.fromCharCode(b[344], b[345], b[346]);
  if (magic !== 'n+1' && magic !== 'ni1') throw fileError(file, 'not a NIfTI-1 file (bad magic)');
  if (magic === 'ni1') throw fileError(file, 'two-file NIfTI (.hdr/.img) is not supported; save as .nii or .nii.gz');
  const i16 = (o: number) => dv.getInt16(o, le);
  const f32 = (o: number) => dv.getFloat32(o, le);
  const ndim = i16(40);
  if (ndim < 1 || ndim > 7) throw fileError(file, `bad NIfTI header (dim[0] = ${ndim})`);
  const dims: number[] = [];
  for (let k = 1; k <= 7; k++) dims.push(k <= ndim ? i16(40 + 2 * k) : 1);
  if (dims.some((d) => d < 1)) throw fileError(file, `bad NIfTI header (dimensions ${dims.slice(0, ndim).join('x')})`);
  if (dims.slice(3).some((d) => d > 1)) {
    throw fileError(file, `${ndim}-D image (${dims.slice(0, ndim).join('x')}); alnm needs one 3-D volume (pick one phase)`);
  }
  const code = i16(70);
  const type = NIFTI_TYPES[code];
  if (!type) throw fileError(file, `unsupported NIfTI datatype ${code}`);
  const pixdim = [0, 1, 2, 3, 4].map((k) => f32(76 + 4 * k));
  const voxOffset = Math.max(352, Math.floor(f32(108)));
  const slope = f32(112);
  const inter = f32(116);
  const qformCode = i16(252);
  const sformCode = i16(254);
  const spacing: Vec3 = [Math.abs(pixdim[1]) || 1, Math.abs(pixdim[2]) || 1, Math.abs(pixdim[3]) || 1];
  if (ndim < 3) spacing[2] = 1;
  if (ndim < 2) spacing[1] = 1;
  // sform as a matrix; is it a rotation after removing each column's scale (ITK's "decomposable" test)?
  const m = [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => f32(280 + 16 * r + 4 * c)));
  const norms = [0, 1, 2].map((c) => Math.hypot(m[0][c], m[1][c], m[2][c]) || 1);
  const sdir = [0, 1, 2].flatMap((r) => [0, 1, 2].map((c) => m[r][c] / norms[c]));
  let orthonormal = true;
  for (let a = 0; a < 3; a++) {
    for (let b = a + 1; b < 3; b++) {
      const dot = sdir[a] * sdir[b] + sdir[3 + a] * sdir[3 + b] + sdir[6 + a] * sdir[6 + b];
      if (Math.abs(dot) > 1e-4) orthonormal = false;
    }
  }
  // ITK 5.4 (NiftiImageIO): the sform when sform_code is SCANNER_ANAT (1) and it is a pure rotation, or when there
  // is no qform; otherwise the qform; with neither, identity direction and zero origin (no RAS flip).
  let origin: Vec3 = [0, 0, 0];
  let dirRas = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  const useSform = sformCode > 0 && ((sformCode === 1 && orthonormal) || qformCode <= 0);
  if (useSform) {
    // spacing stays pixdim, as ITK takes it
    dirRas = sdir;
    origin = [m[0][3], m[1][3], m[2][3]];
  } else if (qformCode > 0) {
    const bq = f32(256);
    const cq = f32(260);
    const dq = f32(264);
    const aq = Math.sqrt(Math.max(0, 1 - (bq * bq + cq * cq + dq * dq)));
    const qfac = pixdim[0] < 0 ? -1 : 1;
    dirRas = [
      aq * aq + bq * bq - cq * cq - dq * dq, 2 * (bq * cq - aq * dq), qfac * 2 * (bq * dq + aq * cq),
      2 * (bq * cq + aq * dq), aq * aq + cq * cq - bq * bq - dq * dq, qfac * 2 * (cq * dq - aq * bq),
      2 * (bq * dq - aq * cq), 2 * (cq * dq + aq * bq), qfac * (aq * aq + dq * dq - bq * bq - cq * cq),
    ];
    origin = [f32(268), f32(272), f32(276)];
  } else {
    return { dims, type, voxOffset, littleEndian: le, slope, inter, spacing, origin, direction: dirRas };
  }
  // RAS -> LPS
  const direction = dirRas.map((v, k) => (k < 6 ? -v : v) + 0);
  origin = [-origin[0] + 0, -origin[1] + 0, origin[2]];
  return { dims, type, voxOffset, littleEndian: le, slope, inter, spacing, origin, direction };
}

export function readNifti(file: string, raw: Uint8Array): Volume {
  let bytes = raw;
  let hdr: Header;
  if (isGzip(raw)) {
    // The header is in the first block; decode it from a partial inflate to check sizes before allocating.
    hdr = parseHeader(file, gunzipHead(file, raw));
    const need = hdr.voxOffset + count(file, hdr) * BYTES[hdr.type];
    bytes = gunzipChecked(file, raw, need);
  } else hdr = parseHeader(file, raw);
  const n = count(file, hdr);
  const need = hdr.voxOffset + n * BYTES[hdr.type];
  if (bytes.length < need) {
    throw fileError(file, `truncated: the header needs ${need} bytes, the file holds ${bytes.length}`);
  }
  let data = decode(bytes, hdr.voxOffset, hdr.type, n, hdr.littleEndian);
  if (hdr.slope !== 0 && Number.isFinite(hdr.slope) && !(hdr.slope === 1 && hdr.inter === 0)) {
    const f = new Float32Array(n);
    for (let i = 0; i < n; i++) f[i] = data[i] * hdr.slope + hdr.inter;
    data = f;
  }
  return {
    size: [hdr.dims[0], hdr.dims[1], hdr.dims[2]],
    spacing: hdr.spacing,
    origin: hdr.origin,
    direction: hdr.direction,
    data,
  };
}

function count(file: string, hdr: Header): number {
  const n = hdr.dims[0] * hdr.dims[1] * hdr.dims[2];
  if (n > maxVoxels()) {
    throw fileError(file, `header claims ${hdr.dims.slice(0, 3).join('x')} = ${n} voxels, more than the limit of ${maxVoxels()} (ALNM_MAX_VOXELS)`);
  }
  return n;
}

function gunzipHead(file: string, raw: Uint8Array): Uint8Array {
  try {
    // finishFlush lets a partial inflate of the first bytes return what it has.
    return gunzipSync(raw.subarray(0, Math.min(raw.length, 4096)), { finishFlush: 2 /* Z_SYNC_FLUSH */ });
  } catch (e) {
    throw fileError(file, `corrupt gzip stream (${(e as Error).message})`);
  }
}

/** Quaternion (b, c, d) and qfac of an orthonormal RAS rotation matrix (NIfTI's nifti_mat44_to_quatern). */
function toQuaternion(r: number[]): { b: number; c: number; d: number; qfac: number } {
  const m = [...r];
  const det =
    m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
  let qfac = 1;
  if (det < 0) {
    qfac = -1;
    m[2] = -m[2];
    m[5] = -m[5];
    m[8] = -m[8];
  }
  let a = m[0] + m[4] + m[8] + 1;
  let b: number, c: number, d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (m[7] - m[5])) / a;
    c = (0.25 * (m[2] - m[6])) / a;
    d = (0.25 * (m[3] - m[1])) / a;
  } else {
    const xd = 1 + m[0] - (m[4] + m[8]);
    const yd = 1 + m[4] - (m[0] + m[8]);
    const zd = 1 + m[8] - (m[0] + m[4]);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (m[1] + m[3])) / b;
      d = (0.25 * (m[2] + m[6])) / b;
      a = (0.25 * (m[7] - m[5])) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (m[1] + m[3])) / c;
      d = (0.25 * (m[5] + m[7])) / c;
      a = (0.25 * (m[2] - m[6])) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (m[2] + m[6])) / d;
      c = (0.25 * (m[5] + m[7])) / d;
      a = (0.25 * (m[3] - m[1])) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return { b, c, d, qfac };
}

/** Encode a volume as NIfTI-1 (gzip when `gzip`), with matching qform and sform (code 1, scanner). */
export function encodeNifti(v: Volume, gzip: boolean): Uint8Array {
  const type = componentTypeOf(v.data);
  const hdr = new ArrayBuffer(352);
  const dv = new DataView(hdr);
  dv.setInt32(0, 348, true);
  dv.setInt16(40, 3, true);
  dv.setInt16(42, v.size[0], true);
  dv.setInt16(44, v.size[1], true);
  dv.setInt16(46, v.size[2], true);
  for (let k = 4; k <= 7; k++) dv.setInt16(40 + 2 * k, 1, true);
  dv.setInt16(70, TYPE_CODES[type], true);
  dv.setInt16(72, BYTES[type] * 8, true);
  const ras = v.direction.map((x, k) => (k < 6 ? -x : x));
  const q = toQuaternion(ras);
  dv.setFloat32(76, q.qfac, true);
  for (let k = 0; k < 3; k++) dv.setFloat32(80 + 4 * k, v.spacing[k], true);
  dv.setFloat32(108, 352, true);
  dv.setFloat32(112, 1, true);
  dv.setFloat32(116, 0, true);
  dv.setUint8(123, 2); // xyzt_units: mm
  dv.setInt16(252, 1, true);
  dv.setInt16(254, 1, true);
  dv.setFloat32(256, q.b, true);
  dv.setFloat32(260, q.c, true);
  dv.setFloat32(264, q.d, true);
  const o = [-v.origin[0], -v.origin[1], v.origin[2]];
  for (let k = 0; k < 3; k++) dv.setFloat32(268 + 4 * k, o[k], true);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) dv.setFloat32(280 + 16 * r + 4 * c, ras[r * 3 + c] * v.spacing[c], true);
    dv.setFloat32(280 + 16 * r + 12, o[r], true);
  }
  const magic = 'n+1\0';
  for (let k = 0; k < 4; k++) dv.setUint8(344 + k, magic.charCodeAt(k));
  const body = new Uint8Array(352 + v.data.byteLength);
  body.set(new Uint8Array(hdr), 0);
  body.set(asBytes(v.data), 352);
  return gzip ? gzipSync(body, { level: 6 }) : body;
}

export { allocate };
