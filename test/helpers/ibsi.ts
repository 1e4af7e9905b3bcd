/**
 * The IBSI chapter-1 outside references the IBSI tests share: the reference rows of
 * ../shared/data/ibsi1/reference_values.csv (parsed from the IBSI manual) and the two reference inputs of the
 * texture tests, built here from their definitions in ibsi-doc_05 (not by src/radiomics/ibsi/config.ts).
 */
import { readVolume } from '../../src/io/read.js';
import { readTable } from '../../src/util/csv.js';
import type { Vec3 } from '../../src/io/volume.js';
import type { IbsiInput, IbsiValue } from '../../src/radiomics/ibsi/types.js';
import { data } from './data.js';

/** One row of reference_values.csv, as printed. */
export interface IbsiRefRow {
  heading: string;
  code: string;
  /** `dig. phantom`, `config. A`, ... */
  data: string;
  aggr: string;
  value: string;
  /** Blank: exact up to the printed rounding. */
  tolerance: string;
}

let cached: IbsiRefRow[] | undefined;

/** Every row of reference_values.csv, in file order. */
export function ibsiReferenceRows(): IbsiRefRow[] {
  cached ??= readTable(data('ibsi1', 'reference_values.csv')).rows.map((r) => ({
    heading: r.section_heading,
    code: r.ibsi_code,
    data: r.data,
    aggr: r.aggr_method,
    value: r.value,
    tolerance: r.tolerance,
  }));
  return cached;
}

/** Half a unit of the last printed digit of a printed value: "2.15" -> 0.005, "3.58e5" -> 500. */
export function halfUnit(printed: string): number {
  const [mant, exp] = printed.trim().split(/e/i);
  const decimals = (mant.split('.')[1] ?? '').length;
  return 0.5 * 10 ** ((exp ? Number(exp) : 0) - decimals);
}

/** A reference row parsed: value as a number, `text` as printed, `tol` the tolerance (blank: halfUnit of the value). */
export interface IbsiRef {
  name: string;
  code: string;
  aggr: string;
  text: string;
  value: number;
  tol: number;
}

/** The parsed reference rows of one data set (`dig. phantom`, `config. A`, ...). */
export function ibsiReference(dataset: string): IbsiRef[] {
  return ibsiReferenceRows()
    .filter((r) => r.data === dataset)
    .map((r) => ({
      name: r.heading,
      code: r.code,
      aggr: r.aggr,
      text: r.value,
      value: Number(r.value),
      tol: r.tolerance.trim() === '' ? halfUnit(r.value) : Number(r.tolerance),
    }));
}

/** A reference row and the computed row paired with it (undefined when not computed). */
export interface IbsiPair<R> {
  ref: R;
  ours: IbsiValue | undefined;
}

/** Pair reference rows with computed rows by (code, aggregation, occurrence): the manual repeats some codes. */
export function matchRows<R extends { code: string; aggr: string }>(ref: R[], ours: IbsiValue[]): IbsiPair<R>[] {
  const byKey = new Map<string, IbsiValue[]>();
  for (const v of ours) {
    const k = `${v.code}|${v.aggr}`;
    if (!byKey.has(k)) byKey.set(k, []);
    byKey.get(k)!.push(v);
  }
  const seen = new Map<string, number>();
  return ref.map((r) => {
    const k = `${r.code}|${r.aggr}`;
    const nth = seen.get(k) ?? 0;
    seen.set(k, nth + 1);
    return { ref: r, ours: byKey.get(k)?.[nth] };
  });
}

/** Image (rounded to integers, IBSI's advice) and mask of a phantom, cropped to the mask's bounding box. */
async function croppedPhantom(dir: string) {
  const img = await readVolume(data('ibsi1', dir, 'image', 'phantom.nii.gz'));
  const msk = await readVolume(data('ibsi1', dir, 'mask', 'mask.nii.gz'));
  const [nx, ny, nz] = img.size;
  const lo = [nx, ny, nz];
  const hi = [-1, -1, -1];
  for (let k = 0, t = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, t++) {
        if (msk.data[t] > 0) [i, j, k].forEach((c, a) => ((lo[a] = Math.min(lo[a], c)), (hi[a] = Math.max(hi[a], c))));
      }
    }
  }
  const size: Vec3 = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
  const n = size[0] * size[1] * size[2];
  const image = new Float64Array(n);
  const mask = new Uint8Array(n);
  for (let k = 0, o = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      for (let i = 0; i < size[0]; i++, o++) {
        const t = lo[0] + i + nx * (lo[1] + j + ny * (lo[2] + k));
        image[o] = Math.round(Number(img.data[t]));
        mask[o] = msk.data[t] > 0 ? 1 : 0;
      }
    }
  }
  return { size, spacing: img.spacing, image, mask };
}

/** The digital phantom: the grey levels are the image values 1..6 inside the mask (no processing). */
export async function ibsiDigitalPhantom(): Promise<IbsiInput> {
  const c = await croppedPhantom('digital_phantom');
  const levels = new Int32Array(c.image.length);
  for (let t = 0; t < levels.length; t++) if (c.mask[t]) levels[t] = c.image[t];
  return { ...c, morphMask: c.mask, levels, nLevels: 6 };
}

/**
 * The CT phantom in configuration A: no interpolation, intensities rounded, re-segmentation to [-500, 400] HU,
 * fixed bin size 25 HU from -500 (level = floor((x + 500) / 25) + 1); the morphological mask is the mask
 * before re-segmentation.
 */
export async function ibsiConfigA(): Promise<IbsiInput> {
  const c = await croppedPhantom('ct_phantom');
  const mask = new Uint8Array(c.mask.length);
  const levels = new Int32Array(c.mask.length);
  let nLevels = 0;
  for (let t = 0; t < mask.length; t++) {
    const x = c.image[t];
    if (c.mask[t] && x >= -500 && x <= 400) {
      mask[t] = 1;
      levels[t] = Math.floor((x + 500) / 25) + 1;
      nLevels = Math.max(nLevels, levels[t]);
    }
  }
  return { size: c.size, spacing: c.spacing, image: c.image, mask, morphMask: c.mask, levels, nLevels };
}
