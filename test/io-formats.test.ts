/**
 * Image formats beyond test/io.test.ts, each against an outside reference: ITK (itk-wasm) writing or reading
 * the same file, or geometry known in closed form from a header written by hand following the format's spec.
 * Geometry convention checked throughout: LPS, direction row-major (columns are the voxel axes), i fastest.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readImageNode, writeImageNode } from '@itk-wasm/image-io';
import { readVolume } from '../src/io/read.js';
import { indexToPoint, type Volume } from '../src/io/volume.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'alnm-iofmt-'));
const f = (...p: string[]) => path.join(tmp, ...p);

type ItkImage = Parameters<typeof writeImageNode>[0];

/** Rotation by `t` about the y axis, row-major (columns are the voxel axes). */
const rotY = (t: number) => [Math.cos(t), 0, Math.sin(t), 0, 1, 0, -Math.sin(t), 0, Math.cos(t)];

/** An itk-wasm image object (the shape of itk-wasm's `Image` class) holding `v`. */
function itkImage(v: Volume, componentType: string, dimension = 3): ItkImage {
  return {
    imageType: { dimension, componentType, pixelType: 'Scalar', components: 1 },
    name: 'alnm-test',
    origin: v.origin.slice(0, dimension),
    spacing: v.spacing.slice(0, dimension),
    direction: new Float64Array(dimension === 3 ? v.direction : [v.direction[0], v.direction[1], v.direction[3], v.direction[4]]),
    size: v.size.slice(0, dimension),
    metadata: new Map(),
    data: v.data,
  } as unknown as ItkImage;
}

/** Exact agreement of geometry and voxels. */
function expectSame(ours: Volume, ref: Volume) {
  expect(ours.size).toEqual(ref.size);
  expect(ours.spacing).toEqual(ref.spacing);
  expect(ours.origin).toEqual(ref.origin);
  expect(ours.direction).toEqual(ref.direction);
  expect(ours.data.constructor).toBe(ref.data.constructor);
  expect(Array.from(ours.data)).toEqual(Array.from(ref.data));
}

/** Agreement with ITK reading the same file (geometry to float32 header precision, voxels exactly). */
async function expectAsItk(file: string, ours: Volume) {
  const itk = await readImageNode(file);
  expect(itk.imageType.dimension).toBe(3);
  expect(ours.size).toEqual(Array.from(itk.size));
  for (let k = 0; k < 3; k++) {
    expect(ours.spacing[k]).toBeCloseTo(itk.spacing[k], 6);
    expect(ours.origin[k]).toBeCloseTo(itk.origin[k], 5);
  }
  for (let k = 0; k < 9; k++) expect(ours.direction[k]).toBeCloseTo(Number(itk.direction[k]), 6);
  expect(ours.data.constructor.name).toBe((itk.data as object).constructor.name);
  expect(Array.from(ours.data)).toEqual(Array.from(itk.data as ArrayLike<number>));
}

/** Geometry agreement within `tol` (for text headers that round, e.g. DICOM decimal strings). */
function expectGeometryClose(ours: Volume, ref: Volume, tol: number) {
  expect(ours.size).toEqual(ref.size);
  for (let k = 0; k < 3; k++) {
    expect(Math.abs(ours.spacing[k] - ref.spacing[k])).toBeLessThan(tol);
    expect(Math.abs(ours.origin[k] - ref.origin[k])).toBeLessThan(tol);
  }
  for (let k = 0; k < 9; k++) expect(Math.abs(ours.direction[k] - ref.direction[k])).toBeLessThan(tol);
}

const oblique = (data: Volume['data'], t = 0.4): Volume => ({
  size: [5, 4, 3],
  spacing: [0.7, 1.1, 2.5],
  origin: [12.5, -30, 7],
  direction: rotY(t),
  data,
});
const ramp16 = () => Int16Array.from({ length: 60 }, (_, i) => i * 37 - 900);
const rampF32 = () => Float32Array.from({ length: 60 }, (_, i) => i * 0.25 - 3.5);

describe('MetaImage headers are checked before ITK allocates', () => {
  const header = (dims: string, type: string) => `ObjectType = Image\nNDims = 3\nDimSize = ${dims}\nElementType = ${type}\nElementDataFile = LOCAL\n`;
  it('a header claiming a huge volume is refused before allocating', async () => {
    writeFileSync(f('huge.mha'), Buffer.concat([Buffer.from(header('1024 1024 1024', 'MET_UCHAR')), Buffer.alloc(1000)]));
    await expect(readVolume(f('huge.mha'))).rejects.toThrow(/huge\.mha: header claims 1024x1024x1024 = 1073741824 voxels, more than the limit/);
  });
  it('ALNM_MAX_VOXELS applies to MetaImage too', async () => {
    writeFileSync(f('ten.mha'), Buffer.concat([Buffer.from(header('10 10 10', 'MET_UCHAR')), Buffer.alloc(1000)]));
    process.env.ALNM_MAX_VOXELS = '100';
    try {
      await expect(readVolume(f('ten.mha'))).rejects.toThrow(/ten\.mha: header claims 10x10x10 = 1000 voxels, more than the limit of 100/);
    } finally {
      delete process.env.ALNM_MAX_VOXELS;
    }
    expect((await readVolume(f('ten.mha'))).size).toEqual([10, 10, 10]);
  });
  it('a truncated uncompressed MetaImage is named as truncated', async () => {
    writeFileSync(f('short.mha'), Buffer.concat([Buffer.from(header('10 10 10', 'MET_SHORT')), Buffer.alloc(1000)]));
    await expect(readVolume(f('short.mha'))).rejects.toThrow(/short\.mha: truncated: the header needs 2000 bytes of voxel data, the file holds 1000/);
  });
});

describe('MetaImage written by ITK', () => {
  writeFileSync(f('broken.mha'), 'ObjectType = Image\nNDims = 3\nDimSize = 5 4 3\nElementType = MET_SHORT\nElementDataFile = LOCAL\n');
  it.each([
    ['a.mha', false, 'int16'],
    ['b.mha', true, 'float32'],
    ['c.mhd', false, 'float32'],
    ['d.mhd', true, 'int16'],
  ])('%s (compressed %s, %s) reads back exactly', async (name, useCompression, type) => {
    const v = oblique(type === 'int16' ? ramp16() : rampF32());
    await writeImageNode(itkImage(v, type), f(name), { useCompression });
    if (name.endsWith('.mhd')) {
      const header = readFileSync(f(name), 'latin1');
      const dataFile = /ElementDataFile = (\S+)/.exec(header)?.[1];
      expect(dataFile).toBe(name.replace('.mhd', useCompression ? '.zraw' : '.raw'));
      expect(readdirSync(tmp)).toContain(dataFile);
    }
    expectSame(await readVolume(f(name)), v);
  });

  it('voxel positions agree with the MetaIO header (Offset + sum_c idx_c * ElementSpacing_c * axis_c)', async () => {
    const v = oblique(ramp16(), -0.7);
    await writeImageNode(itkImage(v, 'int16'), f('geo.mhd'));
    const h = readFileSync(f('geo.mhd'), 'latin1');
    const nums = (key: string) => (new RegExp(`^${key} = (.*)$`, 'm').exec(h)?.[1] ?? '').trim().split(/\s+/).map(Number);
    const tm = nums('TransformMatrix'); // MetaIO lists the axis vectors one after another
    const off = nums('Offset');
    const sp = nums('ElementSpacing');
    const ours = await readVolume(f('geo.mhd'));
    for (const idx of [[0, 0, 0], [4, 0, 0], [0, 3, 0], [0, 0, 2], [4, 3, 2]]) {
      const p = indexToPoint(ours, idx);
      for (let r = 0; r < 3; r++) {
        const ref = off[r] + idx[0] * sp[0] * tm[r] + idx[1] * sp[1] * tm[3 + r] + idx[2] * sp[2] * tm[6 + r];
        expect(p[r]).toBeCloseTo(ref, 12);
      }
    }
  });

  it('overlapping reads leave the console as it was (itk-wasm output is muted only while ITK runs)', async () => {
    const { log, error } = console;
    const [a, b] = await Promise.all([readVolume(f('a.mha')), readVolume(f('d.mhd')), expect(readVolume(f('broken.mha'))).rejects.toThrow(/broken\.mha/)]);
    expect(a.size).toEqual(b.size);
    expect(console.log).toBe(log);
    expect(console.error).toBe(error);
  });

  it('a 2-D MetaImage becomes one slice with unit z spacing', async () => {
    const t = 0.3;
    const v: Volume = {
      size: [5, 4, 1],
      spacing: [0.5, 0.25, 1],
      origin: [3, 4, 0],
      direction: [Math.cos(t), -Math.sin(t), 0, Math.sin(t), Math.cos(t), 0, 0, 0, 1],
      data: Uint8Array.from({ length: 20 }, (_, i) => i * 3),
    };
    await writeImageNode(itkImage(v, 'uint8', 2), f('flat.mha'));
    expectSame(await readVolume(f('flat.mha')), v);
  });
});

/** A NRRD header (NRRD0004, the teem format spec), lines joined, ending with the blank line. */
const nrrdHeader = (lines: string[]) => ['NRRD0004', ...lines].join('\n') + '\n\n';
const axes = (v: Volume, sign = [1, 1, 1]) =>
  [0, 1, 2].map((c) => `(${[0, 1, 2].map((r) => sign[r] * v.direction[r * 3 + c] * v.spacing[c]).join(',')})`).join(' ');

function bytesOf(a: Int16Array | Float32Array, bigEndian: boolean): Buffer {
  const b = Buffer.alloc(a.byteLength);
  for (let i = 0; i < a.length; i++) {
    if (a instanceof Int16Array) {
      if (bigEndian) b.writeInt16BE(a[i], 2 * i);
      else b.writeInt16LE(a[i], 2 * i);
    } else if (bigEndian) b.writeFloatBE(a[i], 4 * i);
    else b.writeFloatLE(a[i], 4 * i);
  }
  return b;
}

describe('NRRD written by hand following the NRRD spec', () => {
  const v = oblique(ramp16(), 0.6);
  const common = ['type: short', 'dimension: 3', 'space: left-posterior-superior', `sizes: ${v.size.join(' ')}`, `space directions: ${axes(v)}`, 'kinds: domain domain domain', `space origin: (${v.origin.join(',')})`];

  it('detached header (.nhdr) with a raw data file', async () => {
    mkdirSync(f('nhdr'));
    writeFileSync(f('nhdr', 'x.raw'), bytesOf(v.data as Int16Array, false));
    writeFileSync(f('nhdr', 'x.nhdr'), nrrdHeader([...common, 'endian: little', 'encoding: raw', 'data file: x.raw']));
    const ours = await readVolume(f('nhdr', 'x.nhdr'));
    expectGeometryClose(ours, v, 1e-12);
    expect(Array.from(ours.data)).toEqual(Array.from(v.data));
    await expectAsItk(f('nhdr', 'x.nhdr'), ours);
  });

  it('detached header with a gzip data file in a subfolder, big-endian', async () => {
    mkdirSync(f('nhdrgz', 'data'), { recursive: true });
    writeFileSync(f('nhdrgz', 'data', 'x.raw.gz'), gzipSync(bytesOf(v.data as Int16Array, true)));
    writeFileSync(f('nhdrgz', 'x.nhdr'), nrrdHeader([...common, 'endian: big', 'encoding: gzip', 'data file: data/x.raw.gz']));
    const ours = await readVolume(f('nhdrgz', 'x.nhdr'));
    expectGeometryClose(ours, v, 1e-12);
    expect(Array.from(ours.data)).toEqual(Array.from(v.data));
    await expectAsItk(f('nhdrgz', 'x.nhdr'), ours);
  });

  it('attached big-endian float NRRD', async () => {
    const w = oblique(rampF32(), 0.6);
    const hdr = nrrdHeader(['type: float', ...common.slice(1), 'endian: big', 'encoding: raw']);
    writeFileSync(f('be.nrrd'), Buffer.concat([Buffer.from(hdr, 'latin1'), bytesOf(w.data as Float32Array, true)]));
    const ours = await readVolume(f('be.nrrd'));
    expectGeometryClose(ours, w, 1e-12);
    expect(Array.from(ours.data)).toEqual(Array.from(w.data));
    await expectAsItk(f('be.nrrd'), ours);
  });

  it('space right-anterior-superior: LPS by negating x and y of directions and origin', async () => {
    // The same grid as `v`, described in RAS coordinates.
    const ras = [...common];
    ras[2] = 'space: right-anterior-superior';
    ras[4] = `space directions: ${axes(v, [-1, -1, 1])}`;
    ras[6] = `space origin: (${[-v.origin[0], -v.origin[1], v.origin[2]].join(',')})`;
    writeFileSync(f('ras.nrrd'), Buffer.concat([Buffer.from(nrrdHeader([...ras, 'endian: little', 'encoding: raw']), 'latin1'), bytesOf(v.data as Int16Array, false)]));
    const ours = await readVolume(f('ras.nrrd'));
    expectGeometryClose(ours, v, 1e-12);
    expect(Array.from(ours.data)).toEqual(Array.from(v.data));
    await expectAsItk(f('ras.nrrd'), ours);
  });

  it('a missing data file is named in the message', async () => {
    writeFileSync(f('lost.nhdr'), nrrdHeader([...common, 'endian: little', 'encoding: raw', 'data file: gone.raw']));
    await expect(readVolume(f('lost.nhdr'))).rejects.toThrow(/gone\.raw: NRRD data file not found/);
  });
});

/** A NIfTI-1 header (nifti1.h field offsets) followed by the voxel bytes, vox_offset 352. */
function nifti(o: {
  bigEndian?: boolean;
  dims: number[]; // dim[0], dim[1], ...
  datatype?: number;
  bitpix?: number;
  pixdim?: number[]; // pixdim[0] (qfac), pixdim[1], ...
  slope?: number;
  inter?: number;
  qform?: { code: number; b: number; c: number; d: number; offset: number[] };
  sform?: { code: number; rows: number[] }; // srow_x, srow_y, srow_z (12 numbers)
  data: Buffer;
}): Buffer {
  const b = Buffer.alloc(352);
  const be = o.bigEndian ?? false;
  const i16 = (v: number, at: number) => (be ? b.writeInt16BE(v, at) : b.writeInt16LE(v, at));
  const f32 = (v: number, at: number) => (be ? b.writeFloatBE(v, at) : b.writeFloatLE(v, at));
  if (be) b.writeInt32BE(348, 0);
  else b.writeInt32LE(348, 0);
  for (let k = 0; k < 8; k++) i16(o.dims[k] ?? 1, 40 + 2 * k);
  i16(o.datatype ?? 4, 70);
  i16(o.bitpix ?? 16, 72);
  (o.pixdim ?? [1, 1, 1, 1]).forEach((v, k) => f32(v, 76 + 4 * k));
  f32(352, 108);
  f32(o.slope ?? 0, 112);
  f32(o.inter ?? 0, 116);
  b[123] = 2; // mm
  if (o.qform) {
    i16(o.qform.code, 252);
    [o.qform.b, o.qform.c, o.qform.d, ...o.qform.offset].forEach((v, k) => f32(v, 256 + 4 * k));
  }
  if (o.sform) {
    i16(o.sform.code, 254);
    o.sform.rows.forEach((v, k) => f32(v, 280 + 4 * k));
  }
  b.write('n+1\0', 344, 'latin1');
  return Buffer.concat([b, o.data]);
}

describe('NIfTI specifics (headers written by hand following nifti1.h)', () => {
  const vals = Int16Array.from({ length: 24 }, (_, i) => i * 7 - 50);
  const q = { code: 1, b: 0, c: Math.sin(0.2), d: 0, offset: [1, 2, 3] };

  it('scl_slope and scl_inter scale the voxels to float32, as ITK does', async () => {
    writeFileSync(f('scl.nii'), nifti({ dims: [3, 4, 3, 2], pixdim: [1, 0.5, 0.75, 2], slope: 2.5, inter: -10, qform: q, data: bytesOf(vals, false) }));
    const ours = await readVolume(f('scl.nii'));
    expect(ours.data).toBeInstanceOf(Float32Array);
    expect(Array.from(ours.data)).toEqual(Array.from(vals, (x) => x * 2.5 - 10));
    await expectAsItk(f('scl.nii'), ours);
  });

  it('sform only (qform_code 0): oblique geometry from srow, RAS turned into LPS', async () => {
    const t = 0.5;
    const sp = [0.5, 0.75, 2];
    const dRas = rotY(t);
    const rows = [0, 1, 2].flatMap((r) => [dRas[r * 3] * sp[0], dRas[r * 3 + 1] * sp[1], dRas[r * 3 + 2] * sp[2], [5, -7, 3][r]]);
    writeFileSync(f('sform.nii'), nifti({ dims: [3, 4, 3, 2], pixdim: [1, ...sp], sform: { code: 2, rows }, data: bytesOf(vals, false) }));
    const ours = await readVolume(f('sform.nii'));
    // closed form: LPS = diag(-1, -1, 1) * RAS
    const lps: Volume = { size: [4, 3, 2], spacing: sp as Volume['spacing'], origin: [-5, 7, 3], direction: dRas.map((x, k) => (k < 6 ? -x : x)), data: vals };
    expectGeometryClose(ours, lps, 1e-6);
    expect(Array.from(ours.data)).toEqual(Array.from(vals));
    await expectAsItk(f('sform.nii'), ours);
  });

  it('big-endian NIfTI with an oblique qform and qfac -1', async () => {
    writeFileSync(f('be.nii'), nifti({ bigEndian: true, dims: [3, 4, 3, 2], pixdim: [-1, 0.5, 0.75, 2], qform: q, data: bytesOf(vals, true) }));
    const ours = await readVolume(f('be.nii'));
    expect(Array.from(ours.data)).toEqual(Array.from(vals));
    // closed form (nifti1.h quaternion with a = cos(0.2), b = d = 0: rotation by 0.4 about y; qfac -1 flips k)
    const r = rotY(0.4);
    const ras = [r[0], r[1], -r[2], r[3], r[4], -r[5], r[6], r[7], -r[8]];
    expectGeometryClose(ours, { size: [4, 3, 2], spacing: [0.5, 0.75, 2], origin: [-1, -2, 3], direction: ras.map((x, k) => (k < 6 ? -x : x)), data: vals }, 1e-6);
    await expectAsItk(f('be.nii'), ours);
  });

  it('neither qform nor sform: identity direction and zero origin, as ITK', async () => {
    writeFileSync(f('bare.nii'), nifti({ dims: [3, 4, 3, 2], pixdim: [1, 0.5, 0.75, 2], data: bytesOf(vals, false) }));
    const ours = await readVolume(f('bare.nii'));
    expect(ours.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(ours.origin).toEqual([0, 0, 0]);
    await expectAsItk(f('bare.nii'), ours);
  });

  it('qform and a different scanner sform (code 1): the sform wins, spacing from pixdim, as ITK', async () => {
    const sp = [0.5, 0.75, 2];
    const dRas = rotY(0.3);
    const rows = [0, 1, 2].flatMap((r) => [dRas[r * 3] * sp[0], dRas[r * 3 + 1] * sp[1], dRas[r * 3 + 2] * sp[2], [4, 5, 6][r]]);
    writeFileSync(f('both.nii'), nifti({ dims: [3, 4, 3, 2], pixdim: [1, ...sp], qform: q, sform: { code: 1, rows }, data: bytesOf(vals, false) }));
    const ours = await readVolume(f('both.nii'));
    expectGeometryClose(ours, { size: [4, 3, 2], spacing: sp as Volume['spacing'], origin: [-4, -5, 6], direction: dRas.map((x, k) => (k < 6 ? -x : x)), data: vals }, 1e-6);
    await expectAsItk(f('both.nii'), ours);
    // with sform_code 2 (aligned) the qform is used
    writeFileSync(f('both2.nii'), nifti({ dims: [3, 4, 3, 2], pixdim: [1, ...sp], qform: q, sform: { code: 2, rows }, data: bytesOf(vals, false) }));
    const ours2 = await readVolume(f('both2.nii'));
    expect(ours2.origin[0]).toBeCloseTo(-1, 6);
    await expectAsItk(f('both2.nii'), ours2);
  });

  it('an sform whose scales differ from pixdim: spacing from pixdim, as ITK', async () => {
    const dRas = rotY(0.2);
    const rows = [0, 1, 2].flatMap((r) => [dRas[r * 3] * 0.6, dRas[r * 3 + 1] * 0.9, dRas[r * 3 + 2] * 2.2, 0]);
    writeFileSync(f('scales.nii'), nifti({ dims: [3, 4, 3, 2], pixdim: [1, 0.5, 0.75, 2], sform: { code: 1, rows }, data: bytesOf(vals, false) }));
    const ours = await readVolume(f('scales.nii'));
    expect(ours.spacing.map((x) => Number(x.toFixed(6)))).toEqual([0.5, 0.75, 2]);
    await expectAsItk(f('scales.nii'), ours);
  });

  it('4-D NIfTI holding one volume is read as 3-D', async () => {
    writeFileSync(f('t1.nii'), nifti({ dims: [4, 4, 3, 2, 1], pixdim: [1, 0.5, 0.75, 2, 3.2], qform: q, data: bytesOf(vals, false) }));
    const ours = await readVolume(f('t1.nii'));
    expect(ours.size).toEqual([4, 3, 2]);
    await expectAsItk(f('t1.nii'), ours);
  });

  it('several volumes (4-D or 5-D, .nii or .nii.gz) are refused with one clear message', async () => {
    const three = Buffer.concat([bytesOf(vals, false), bytesOf(vals, false), bytesOf(vals, false)]);
    writeFileSync(f('t3.nii'), nifti({ dims: [4, 4, 3, 2, 3], qform: q, data: three }));
    writeFileSync(f('t3.nii.gz'), gzipSync(nifti({ dims: [4, 4, 3, 2, 3], qform: q, data: three })));
    writeFileSync(f('v5.nii'), nifti({ dims: [5, 4, 3, 2, 1, 3], qform: q, data: three }));
    await expect(readVolume(f('t3.nii'))).rejects.toThrow(/t3\.nii: 4-D image \(4x3x2x3\); alnm needs one 3-D volume/);
    await expect(readVolume(f('t3.nii.gz'))).rejects.toThrow(/t3\.nii\.gz: 4-D image \(4x3x2x3\); alnm needs one 3-D volume/);
    await expect(readVolume(f('v5.nii'))).rejects.toThrow(/v5\.nii: 5-D image \(4x3x2x1x3\); alnm needs one 3-D volume/);
  });

  it.each(['empty.nii', 'empty.nii.gz', 'empty.nrrd', 'empty.mha'])('an empty file (%s) is named with the problem', async (name) => {
    writeFileSync(f(name), '');
    await expect(readVolume(f(name))).rejects.toThrow(new RegExp(`${name.replace(/\./g, '\\.')}: (empty file|not a readable image)`));
  });
});

/**
 * DICOM: ITK (GDCM) writes each single-slice 3-D image with ImagePositionPatient, ImageOrientationPatient,
 * PixelSpacing and SliceThickness from the image geometry, but gives every file new Study/Series/Frame of
 * Reference UIDs (ITK's KeepOriginalUID is not exposed by itk-wasm). `setUid` gives the slices one series, as a
 * scanner would; the files are otherwise exactly as ITK wrote them.
 */
function setUid(file: string, group: number, element: number, uid: string) {
  const buf = readFileSync(file);
  const value = Buffer.from(uid.length % 2 ? uid + '\0' : uid, 'latin1');
  // Part 10: 128-byte preamble, 'DICM', then the file meta group (explicit VR, its length in (0002,0000)).
  expect(buf.toString('latin1', 128, 132)).toBe('DICM');
  let i = 144 + buf.readUInt32LE(140);
  expect(buf.toString('latin1', 132, i)).toContain('1.2.840.10008.1.2\0'); // data set in implicit VR little endian
  while (i + 8 <= buf.length) {
    const g = buf.readUInt16LE(i);
    const e = buf.readUInt16LE(i + 2);
    const len = buf.readUInt32LE(i + 4);
    if (g === group && e === element) {
      const l = Buffer.alloc(4);
      l.writeUInt32LE(value.length);
      writeFileSync(file, Buffer.concat([buf.subarray(0, i + 4), l, value, buf.subarray(i + 8 + len)]));
      return;
    }
    i += 8 + len;
  }
  throw new Error(`${file}: no element (${group.toString(16)},${element.toString(16)})`);
}

describe('DICOM series folder', () => {
  const t = 0.3;
  const vol: Volume = {
    size: [6, 5, 4],
    spacing: [0.8, 0.9, 2.5],
    origin: [10, -20, 30],
    direction: rotY(t),
    data: Int16Array.from({ length: 120 }, (_, i) => (i % 30) + 100 * Math.floor(i / 30) - 150),
  };

  async function writeSeries(dir: string, v: Volume, uid: string) {
    mkdirSync(dir, { recursive: true });
    const n = v.size[0] * v.size[1];
    for (let k = 0; k < v.size[2]; k++) {
      const slice: Volume = { ...v, size: [v.size[0], v.size[1], 1], origin: indexToPoint(v, [0, 0, k]), data: v.data.slice(k * n, (k + 1) * n) };
      // names run against the slice order, so the reader must sort by position
      const file = path.join(dir, `IM${String(v.size[2] - k).padStart(4, '0')}.dcm`);
      const md = new Map([['0008|0060', 'MR'], ['0008|0016', '1.2.840.10008.5.1.4.1.1.4'], ['0020|0013', String(k + 1)]]);
      await writeImageNode({ ...itkImage(slice, 'int16'), metadata: md } as unknown as ItkImage, file);
      setUid(file, 0x0020, 0x000d, `${uid}.1`);
      setUid(file, 0x0020, 0x000e, `${uid}.2`);
      setUid(file, 0x0020, 0x0052, `${uid}.3`);
    }
  }

  it('a folder of slices reads as the volume that was written', async () => {
    await writeSeries(f('dcm'), vol, '1.2.826.0.1.3680043.2.1125.1.4242');
    const ours = await readVolume(f('dcm'));
    // DICOM stores geometry as decimal strings of at most 16 characters
    expectGeometryClose(ours, vol, 1e-9);
    expect(ours.data).toBeInstanceOf(Int16Array);
    expect(Array.from(ours.data)).toEqual(Array.from(vol.data));
  });

  it('a folder that is not a DICOM series gives one clear message naming the folder', async () => {
    mkdirSync(f('notdicom'));
    writeFileSync(f('notdicom', 'a.txt'), 'hello\n');
    writeFileSync(f('notdicom', 'b.txt'), 'world\n');
    await expect(readVolume(f('notdicom'))).rejects.toThrow(/notdicom: not a readable DICOM series/);
    mkdirSync(f('baddicom'));
    writeFileSync(f('baddicom', 'x.dcm'), Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from('garbage, not a data set')]));
    await expect(readVolume(f('baddicom'))).rejects.toThrow(/baddicom: not a readable DICOM series/);
    mkdirSync(f('emptydir'));
    await expect(readVolume(f('emptydir'))).rejects.toThrow(/emptydir: empty folder/);
  });

  it('a folder holding two series is refused instead of read in part', async () => {
    await writeSeries(f('two'), { ...vol, size: [6, 5, 2], data: vol.data.slice(0, 60) }, '1.2.826.0.1.3680043.2.1125.1.51');
    await writeSeries(f('two_b'), { ...vol, size: [6, 5, 2], origin: [10, -20, 80], data: vol.data.slice(60) }, '1.2.826.0.1.3680043.2.1125.1.52');
    for (const n of readdirSync(f('two_b'))) writeFileSync(f('two', `b_${n}`), readFileSync(f('two_b', n)));
    await expect(readVolume(f('two'))).rejects.toThrow(/two: holds more than one DICOM series \(4 files, 2 in the series read\)/);
  });

  it('a stray file beside a series is named; subfolders are ignored', async () => {
    await writeSeries(f('stray'), vol, '1.2.826.0.1.3680043.2.1125.1.61');
    mkdirSync(f('stray', 'sub'));
    expectGeometryClose(await readVolume(f('stray')), vol, 1e-9);
    writeFileSync(f('stray', 'notes.txt'), 'scanned on Tuesday\n');
    await expect(readVolume(f('stray'))).rejects.toThrow(/stray: notes\.txt is not a DICOM file \(1 of 5\)/);
  });

  it('a single DICOM file is read as one slice', async () => {
    const file = path.join(f('dcm'), readdirSync(f('dcm')).sort()[0]); // IM0001: the last slice
    const ours = await readVolume(file);
    expect(ours.size).toEqual([6, 5, 1]);
    const last = indexToPoint(vol, [0, 0, 3]);
    for (let k = 0; k < 3; k++) expect(Math.abs(ours.origin[k] - last[k])).toBeLessThan(1e-9);
    for (let k = 0; k < 2; k++) expect(Math.abs(ours.spacing[k] - vol.spacing[k])).toBeLessThan(1e-9);
    for (let k = 0; k < 9; k++) expect(Math.abs(ours.direction[k] - vol.direction[k])).toBeLessThan(1e-9);
    expect(Array.from(ours.data)).toEqual(Array.from(vol.data.slice(90)));
  });
});
