/**
 * NRRD (.nrrd attached, .nhdr detached) reader and writer: raw and gzip encodings, `space directions`,
 * `space origin` and `spacings`; RAS-based spaces are turned into LPS as ITK does.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileError } from '../util/errors.js';
import { asBytes, BYTES, componentTypeOf, decode, type ComponentType } from './dtype.js';
import { maxVoxels } from './limits.js';
import { gunzipChecked } from './nifti.js';
import type { Vec3, Volume } from './volume.js';

const TYPES: Record<string, ComponentType> = {};
const alias = (t: ComponentType, names: string[]) => names.forEach((n) => (TYPES[n] = t));
alias('int8', ['signed char', 'int8', 'int8_t']);
alias('uint8', ['uchar', 'unsigned char', 'uint8', 'uint8_t']);
alias('int16', ['short', 'short int', 'signed short', 'signed short int', 'int16', 'int16_t']);
alias('uint16', ['ushort', 'unsigned short', 'unsigned short int', 'uint16', 'uint16_t']);
alias('int32', ['int', 'signed int', 'int32', 'int32_t']);
alias('uint32', ['uint', 'unsigned int', 'uint32', 'uint32_t']);
alias('float32', ['float']);
alias('float64', ['double']);

function parseVector(file: string, s: string): number[] | null {
  const t = s.trim();
  if (t === 'none') return null;
  const m = /^\(([^)]*)\)$/.exec(t);
  if (!m) throw fileError(file, `bad NRRD vector "${s}"`);
  return m[1].split(',').map((x) => Number(x));
}

export function readNrrd(file: string, raw: Uint8Array): Volume {
  if (raw.length < 8 || String.fromCharCode(...raw.subarray(0, 4)) !== 'NRRD') throw fileError(file, 'not a NRRD file (bad magic)');
  // Header ends at the first empty line.
  let end = -1;
  for (let i = 0; i < raw.length - 1; i++) {
    if (raw[i] === 10 && raw[i + 1] === 10) {
      end = i + 2;
      break;
    }
    if (raw[i] === 10 && raw[i + 1] === 13 && raw[i + 2] === 10) {
      end = i + 3;
      break;
    }
  }
  const detachedOk = file.toLowerCase().endsWith('.nhdr');
  if (end < 0) {
    if (!detachedOk) throw fileError(file, 'truncated NRRD header');
    end = raw.length;
  }
  const header = Buffer.from(raw.subarray(0, end)).toString('latin1');
  const fields: Record<string, string> = {};
  for (const line of header.split(/\r?\n/).slice(1)) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([^:]+):=?\s?(.*)$/.exec(line);
    if (m && !line.includes(':=')) fields[m[1].trim().toLowerCase()] = m[2].trim();
  }
  const need = (k: string) => {
    const v = fields[k];
    if (v === undefined) throw fileError(file, `NRRD header lacks "${k}"`);
    return v;
  };
  const type = TYPES[need('type').toLowerCase()];
  if (!type) throw fileError(file, `unsupported NRRD type "${fields.type}"`);
  const dim = Number(need('dimension'));
  const sizes = need('sizes').split(/\s+/).map(Number);
  if (!(dim >= 2 && dim <= 4) || sizes.length !== dim || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw fileError(file, `bad NRRD dimension/sizes (${fields.dimension}: ${fields.sizes})`);
  }
  if (dim === 4 && sizes[3] !== 1 && sizes[0] !== 1) {
    throw fileError(file, `4-D image (${sizes.join('x')}); alnm needs one 3-D volume (pick one phase)`);
  }
  const dims = sizes.filter((_, k) => !(dim === 4 && ((k === 0 && sizes[0] === 1) || (k === 3 && sizes[0] !== 1))));
  while (dims.length < 3) dims.push(1);
  const n = dims[0] * dims[1] * dims[2];
  if (n > maxVoxels()) {
    throw fileError(file, `header claims ${dims.join('x')} = ${n} voxels, more than the limit of ${maxVoxels()} (ALNM_MAX_VOXELS)`);
  }
  // Geometry
  const space = (fields.space ?? '').toLowerCase();
  const rasLike = space === 'right-anterior-superior' || space === 'ras' || space === 'scanner-xyz' || space === '3d-right-handed';
  let spacing: Vec3 = [1, 1, 1];
  let direction = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  let origin: Vec3 = [0, 0, 0];
  if (fields['space directions']) {
    const vecs = [...fields['space directions'].matchAll(/\([^)]*\)|none/g)].map((m) => parseVector(file, m[0]));
    const axes = vecs.filter((v): v is number[] => v !== null);
    if (axes.length < 2 || axes.some((v) => v.length !== 3 || v.some((x) => !Number.isFinite(x)))) {
      throw fileError(file, `bad NRRD "space directions": ${fields['space directions']}`);
    }
    while (axes.length < 3) axes.push([0, 0, 1]);
    const dir = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    for (let c = 0; c < 3; c++) {
      const s = Math.hypot(...axes[c]);
      if (!(s > 0)) throw fileError(file, `NRRD axis ${c} has zero spacing`);
      spacing[c] = s;
      for (let r = 0; r < 3; r++) dir[r * 3 + c] = axes[c][r] / s;
    }
    direction = dir;
  } else if (fields.spacings) {
    const sp = fields.spacings.split(/\s+/).map(Number).filter((x) => Number.isFinite(x));
    spacing = [sp[0] ?? 1, sp[1] ?? 1, sp[2] ?? 1];
  }
  if (fields['space origin']) {
    const o = parseVector(file, fields['space origin']);
    if (o && o.length >= 2) origin = [o[0], o[1], o[2] ?? 0];
  }
  if (rasLike) {
    for (let k = 0; k < 6; k++) direction[k] = -direction[k] + 0;
    origin = [-origin[0] + 0, -origin[1] + 0, origin[2]];
  }
  // Data
  const encoding = (fields.encoding ?? 'raw').toLowerCase();
  const littleEndian = (fields.endian ?? 'little').toLowerCase() !== 'big';
  let payload: Uint8Array;
  let payloadFile = file;
  const dataFile = fields['data file'] ?? fields.datafile;
  if (dataFile) {
    if (/^LIST\b|%/.test(dataFile)) throw fileError(file, 'multi-file NRRD data is not supported');
    payloadFile = path.resolve(path.dirname(file), dataFile);
    try {
      payload = readFileSync(payloadFile);
    } catch {
      throw fileError(payloadFile, 'NRRD data file not found');
    }
  } else payload = raw.subarray(end);
  const byteSkip = Number(fields['byte skip'] ?? 0);
  const bytes = n * BYTES[type];
  if (encoding === 'gzip' || encoding === 'gz') payload = gunzipChecked(payloadFile, payload, bytes);
  else if (encoding !== 'raw') throw fileError(file, `unsupported NRRD encoding "${encoding}"`);
  const offset = byteSkip === -1 ? payload.length - bytes : byteSkip;
  if (payload.length < offset + bytes) {
    throw fileError(payloadFile, `truncated: the header needs ${bytes} bytes of voxel data, the file holds ${payload.length - Math.max(0, offset)}`);
  }
  const data = decode(payload, offset, type, n, littleEndian);
  return { size: [dims[0], dims[1], dims[2]], spacing, origin, direction, data };
}

const NRRD_TYPE: Record<ComponentType, string> = {
  int8: 'int8',
  uint8: 'uint8',
  int16: 'short',
  uint16: 'ushort',
  int32: 'int',
  uint32: 'uint',
  float32: 'float',
  float64: 'double',
};

/** Encode a volume as an attached NRRD (LPS space, gzip encoding unless `gzip` is false). */
export function encodeNrrd(v: Volume, gzip = true): Uint8Array {
  const g = (x: number) => String(x);
  const axes = [0, 1, 2].map((c) => `(${[0, 1, 2].map((r) => g(v.direction[r * 3 + c] * v.spacing[c])).join(',')})`);
  const header =
    [
      'NRRD0004',
      '# written by alnm',
      `type: ${NRRD_TYPE[componentTypeOf(v.data)]}`,
      'dimension: 3',
      'space: left-posterior-superior',
      `sizes: ${v.size.join(' ')}`,
      `space directions: ${axes.join(' ')}`,
      'kinds: domain domain domain',
      'endian: little',
      `encoding: ${gzip ? 'gzip' : 'raw'}`,
      `space origin: (${v.origin.map(g).join(',')})`,
    ].join('\n') + '\n\n';
  const body = asBytes(v.data);
  const payload = gzip ? gzipSync(body, { level: 6 }) : body;
  const out = new Uint8Array(header.length + payload.length);
  out.set(Buffer.from(header, 'latin1'), 0);
  out.set(payload, header.length);
  return out;
}
