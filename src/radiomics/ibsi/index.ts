/**
 * IBSI chapter-1 features of one image and mask under one reference configuration: processing (config.ts),
 * then every feature family. Rows come out as (IBSI code, aggregation method, value), in the order of
 * reference_values.csv within each family.
 */
import { readVolume } from '../../io/read.js';
import { ibsiConfig, processIbsi, type IbsiConfig, type ProcessOptions } from './config.js';
import { ibsiHistogram } from './histogram.js';
import { ibsiIvh } from './ivh.js';
import { ibsiLocalIntensity } from './local-intensity.js';
import { ibsiMorphology } from './morphology.js';
import { ibsiStatistics } from './statistics.js';
import type { IbsiFamily, IbsiInput, IbsiValue } from './types.js';

// Texture families (written separately, one file each).
import { ibsiGlcm } from './glcm.js';
import { ibsiGlrlm } from './glrlm.js';
import { ibsiGldzm, ibsiGlszm } from './glszm.js';
import { ibsiNgtdm } from './ngtdm.js';
import { ibsiNgldm } from './ngldm.js';

/** Texture families, run after the non-texture ones. */
export const TEXTURE_FAMILIES: IbsiFamily[] = [ibsiGlcm, ibsiGlrlm, ibsiGlszm, ibsiGldzm, ibsiNgtdm, ibsiNgldm];

/** The families of a configuration: morphology, local intensity, statistics, histogram, IVH, texture. */
export function ibsiFamilies(cfg: IbsiConfig): IbsiFamily[] {
  return [ibsiMorphology, ibsiLocalIntensity, ibsiStatistics, ibsiHistogram, ibsiIvh(cfg.ivh), ...TEXTURE_FAMILIES];
}

/**
 * Does an aggregation method belong to the configuration? Slice-wise configurations (A, B) report 2D and
 * 2.5D texture aggregations, volumetric ones (C-E) 3D; the digital phantom all; non-texture features ('') always.
 */
export function aggregationApplies(aggr: string, cfg: IbsiConfig): boolean {
  if (aggr === '' || cfg.texture === 'both') return true;
  return cfg.texture === '2D' ? aggr.startsWith('2D') || aggr.startsWith('2.5D') : aggr.startsWith('3D');
}

/** All features of processed input under a configuration. */
export function computeIbsi(q: IbsiInput, cfg: IbsiConfig, families: IbsiFamily[] = ibsiFamilies(cfg)): IbsiValue[] {
  const out: IbsiValue[] = [];
  for (const f of families) for (const v of f(q)) if (aggregationApplies(v.aggr, cfg)) out.push(v);
  return out;
}

/** Read image and mask, run the configuration's processing and every family. */
export async function ibsiFeatures(imageFile: string, maskFile: string, configId: string, opts: Omit<ProcessOptions, 'imageFile' | 'maskFile'> = {}): Promise<IbsiValue[]> {
  const cfg = ibsiConfig(configId);
  const image = await readVolume(imageFile);
  const mask = await readVolume(maskFile);
  const q = processIbsi(image, mask, cfg, { ...opts, imageFile, maskFile });
  return computeIbsi(q, cfg);
}
