/** Largest volume alnm allocates, in voxels (default 512 M); `ALNM_MAX_VOXELS` overrides it. */
export function maxVoxels(): number {
  const env = process.env.ALNM_MAX_VOXELS;
  const v = env ? Number(env) : NaN;
  return Number.isFinite(v) && v > 0 ? v : 512 * 1024 * 1024;
}
