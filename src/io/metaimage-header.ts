/**
 * A look at a MetaImage header (.mha, .mhd) before ITK reads the file, so that a header claiming a huge volume is
 * refused before anything is allocated and a truncated uncompressed file is named as such.
 */
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileError } from '../util/errors.js';
import { maxVoxels } from './limits.js';

const ELEMENT_BYTES: Record<string, number> = {
  MET_CHAR: 1, MET_UCHAR: 1, MET_SHORT: 2, MET_USHORT: 2, MET_INT: 4, MET_UINT: 4, MET_LONG: 4, MET_ULONG: 4,
  MET_LONG_LONG: 8, MET_ULONG_LONG: 8, MET_FLOAT: 4, MET_DOUBLE: 8,
};

/** Check the header of a MetaImage file; throws an AlnmError naming the file when it cannot be right. */
export function checkMetaImageHeader(file: string): void {
  const fd = openSync(file, 'r');
  let text: string;
  let fileSize: number;
  try {
    fileSize = statSync(file).size;
    const buf = Buffer.alloc(Math.min(fileSize, 64 * 1024));
    readSync(fd, buf, 0, buf.length, 0);
    text = buf.toString('latin1');
  } finally {
    closeSync(fd);
  }
  const fields: Record<string, string> = {};
  let headerBytes = 0;
  for (const line of text.split('\n')) {
    headerBytes += line.length + 1;
    const m = /^\s*([A-Za-z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) break;
    fields[m[1]] = m[2];
    if (m[1] === 'ElementDataFile') break;
  }
  if (!fields.DimSize || !fields.ElementDataFile) throw fileError(file, 'not a MetaImage file (no DimSize / ElementDataFile in the header)');
  const dims = fields.DimSize.split(/\s+/).map(Number);
  if (dims.some((d) => !Number.isInteger(d) || d < 1)) throw fileError(file, `bad MetaImage DimSize "${fields.DimSize}"`);
  const n = dims.reduce((a, b) => a * b, 1);
  if (n > maxVoxels()) {
    throw fileError(file, `header claims ${dims.join('x')} = ${n} voxels, more than the limit of ${maxVoxels()} (ALNM_MAX_VOXELS)`);
  }
  const compressed = /^true$/i.test(fields.CompressedData ?? 'False');
  const bpp = ELEMENT_BYTES[fields.ElementType ?? ''];
  const channels = Number(fields.ElementNumberOfChannels ?? 1) || 1;
  if (compressed || !bpp) return; // ITK checks compressed streams itself
  const need = n * bpp * channels;
  let have: number;
  if (fields.ElementDataFile === 'LOCAL') have = fileSize - headerBytes;
  else {
    if (/^LIST\b|%/.test(fields.ElementDataFile)) return;
    const data = path.resolve(path.dirname(file), fields.ElementDataFile);
    try {
      have = statSync(data).size;
    } catch {
      throw fileError(data, 'MetaImage data file not found');
    }
  }
  if (have < need) throw fileError(file, `truncated: the header needs ${need} bytes of voxel data, the file holds ${Math.max(0, have)}`);
}
