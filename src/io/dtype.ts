import type { VoxelArray } from './volume.js';

/** Voxel component types alnm reads and writes. */
export type ComponentType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

export const BYTES: Record<ComponentType, number> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  float32: 4,
  float64: 8,
};

export function componentTypeOf(a: VoxelArray): ComponentType {
  if (a instanceof Int8Array) return 'int8';
  if (a instanceof Uint8Array) return 'uint8';
  if (a instanceof Int16Array) return 'int16';
  if (a instanceof Uint16Array) return 'uint16';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint32Array) return 'uint32';
  if (a instanceof Float32Array) return 'float32';
  return 'float64';
}

export function allocate(type: ComponentType, n: number): VoxelArray {
  switch (type) {
    case 'int8':
      return new Int8Array(n);
    case 'uint8':
      return new Uint8Array(n);
    case 'int16':
      return new Int16Array(n);
    case 'uint16':
      return new Uint16Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'uint32':
      return new Uint32Array(n);
    case 'float32':
      return new Float32Array(n);
    case 'float64':
      return new Float64Array(n);
  }
}

/**
 * Decode `n` voxels of `type` from `bytes` at `offset` (copying, so the result is aligned and owns its memory).
 * `littleEndian` false swaps bytes.
 */
export function decode(bytes: Uint8Array, offset: number, type: ComponentType, n: number, littleEndian: boolean): VoxelArray {
  const bpp = BYTES[type];
  const out = allocate(type, n);
  const dst = new Uint8Array(out.buffer);
  dst.set(bytes.subarray(offset, offset + n * bpp));
  if (!littleEndian && bpp > 1) {
    for (let i = 0; i < dst.length; i += bpp) {
      for (let a = i, b = i + bpp - 1; a < b; a++, b--) {
        const t = dst[a];
        dst[a] = dst[b];
        dst[b] = t;
      }
    }
  }
  return out;
}

export function asBytes(a: VoxelArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
