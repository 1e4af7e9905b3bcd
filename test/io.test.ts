import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readImageNode } from '@itk-wasm/image-io';
import { readVolume } from '../src/io/read.js';
import { writeVolume } from '../src/io/write.js';
import type { Volume } from '../src/io/volume.js';
import { data } from './helpers/data.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'alnm-io-'));

/** ITK (through itk-wasm) is the reference for geometry and voxels. */
async function compareWithItk(file: string) {
  const ours = await readVolume(file);
  const itk = await readImageNode(file);
  expect(ours.size).toEqual(Array.from(itk.size));
  for (let k = 0; k < 3; k++) {
    expect(ours.spacing[k]).toBeCloseTo(itk.spacing[k], 6);
    expect(ours.origin[k]).toBeCloseTo(itk.origin[k], 4);
  }
  for (let k = 0; k < 9; k++) expect(ours.direction[k]).toBeCloseTo(Number(itk.direction[k]), 6);
  const a = ours.data;
  const b = itk.data as ArrayLike<number>;
  expect(a.length).toBe(b.length);
  let diff = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
  expect(diff).toBe(0);
}

describe('image I/O agrees with ITK', () => {
  it.each([
    ['pyradiomics', 'brain1_image.nrrd'],
    ['pyradiomics', 'brain2_label.nrrd'],
    ['ibsi1', 'ct_phantom', 'image', 'phantom.nii.gz'],
    ['ibsi1', 'digital_phantom', 'mask', 'mask.nii.gz'],
  ])('reads %s/%s', async (...p) => compareWithItk(data(...p)));

  it('writes NIfTI and NRRD that ITK reads back with oblique geometry', async () => {
    const t = 0.4;
    const vol: Volume = {
      size: [5, 4, 3],
      spacing: [0.7, 1.1, 2.5],
      origin: [12.5, -30, 7],
      direction: [Math.cos(t), 0, Math.sin(t), 0, 1, 0, -Math.sin(t), 0, Math.cos(t)],
      data: Float32Array.from({ length: 60 }, (_, i) => i * 1.5 - 20),
    };
    for (const name of ['o.nii', 'o.nii.gz', 'o.nrrd']) {
      const f = path.join(tmp, name);
      await writeVolume(f, vol);
      const itk = await readImageNode(f);
      for (let k = 0; k < 9; k++) expect(Number(itk.direction[k])).toBeCloseTo(vol.direction[k], 5);
      for (let k = 0; k < 3; k++) expect(itk.origin[k]).toBeCloseTo(vol.origin[k], 4);
      expect(Array.from(itk.data as Float32Array)).toEqual(Array.from(vol.data));
      await compareWithItk(f);
    }
  });
});

describe('bad image files give one clear message', () => {
  it('missing file', async () => {
    await expect(readVolume(path.join(tmp, 'nope.nii.gz'))).rejects.toThrow(/nope\.nii\.gz: file not found/);
  });
  it('a file that is not an image', async () => {
    const f = path.join(tmp, 'notes.nii');
    writeFileSync(f, 'hello, this is not an image at all\n');
    await expect(readVolume(f)).rejects.toThrow(/notes\.nii: not a NIfTI/);
    const g = path.join(tmp, 'table.csv');
    writeFileSync(g, 'a,b\n1,2\n');
    await expect(readVolume(g)).rejects.toThrow(/table\.csv: not an image file/);
  });
  it('a truncated .nii.gz', async () => {
    const full = readFileSync(data('ibsi1', 'ct_phantom', 'image', 'phantom.nii.gz'));
    const f = path.join(tmp, 'trunc.nii.gz');
    writeFileSync(f, full.subarray(0, full.length >> 1));
    await expect(readVolume(f)).rejects.toThrow(/trunc\.nii\.gz: truncated/);
  });
  it('a header that claims a huge volume is refused before allocating', async () => {
    const hdr = Buffer.alloc(352 + 16);
    hdr.writeInt32LE(348, 0);
    hdr.writeInt16LE(3, 40);
    hdr.writeInt16LE(30000, 42);
    hdr.writeInt16LE(30000, 44);
    hdr.writeInt16LE(30000, 46);
    hdr.writeInt16LE(16, 70);
    hdr.writeInt16LE(32, 72);
    hdr.writeFloatLE(352, 108);
    hdr.write('n+1\0', 344, 'latin1');
    const f = path.join(tmp, 'huge.nii');
    writeFileSync(f, hdr);
    await expect(readVolume(f)).rejects.toThrow(/huge\.nii: header claims 30000x30000x30000/);
  });
  it('NaN voxels', async () => {
    const f = path.join(tmp, 'nan.nrrd');
    const d = new Float32Array(8).fill(1);
    d[3] = NaN;
    await writeVolume(f, { size: [2, 2, 2], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data: d });
    await expect(readVolume(f)).rejects.toThrow(/nan\.nrrd: 1 voxels are NaN or infinite/);
  });
});
