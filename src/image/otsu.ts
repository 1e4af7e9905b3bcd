/**
 * Otsu's threshold (IEEE Trans. SMC 1979): the intensity that maximises the between-class variance of a
 * histogram with `bins` equal bins over [min, max] (ITK's OtsuThresholdImageFilter; SimpleITK's N4 example
 * uses 200 bins). Returns the upper edge of the last bin of the lower class.
 */
export function otsuThreshold(data: ArrayLike<number>, bins = 200): number {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(max > min)) return min;
  const h = new Float64Array(bins);
  const w = (max - min) / bins;
  for (let i = 0; i < data.length; i++) h[Math.min(bins - 1, Math.floor((data[i] - min) / w))]++;
  const n = data.length;
  let total = 0;
  for (let b = 0; b < bins; b++) total += (b + 0.5) * h[b];
  let w0 = 0;
  let s0 = 0;
  let best = -1;
  let bestB = 0;
  for (let b = 0; b < bins - 1; b++) {
    w0 += h[b];
    s0 += (b + 0.5) * h[b];
    const w1 = n - w0;
    if (w0 === 0 || w1 === 0) continue;
    const m0 = s0 / w0;
    const m1 = (total - s0) / w1;
    const between = w0 * w1 * (m0 - m1) * (m0 - m1);
    if (between > best) {
      best = between;
      bestB = b;
    }
  }
  return min + (bestB + 1) * w;
}
