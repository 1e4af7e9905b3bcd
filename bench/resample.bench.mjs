// Resampling side by side with ITK's own ResampleImageFilter (itk-wasm, @itk-wasm/downsample's resampleNode):
// a 256 x 256 x 64 volume (0.7 x 0.7 x 2 mm, float32) to 1 mm isotropic, cubic B-spline, linear and nearest.
// Both give the same voxels (test/image-resample-itk.test.ts); this measures time. One warm-up call each.
import { resampleNode } from '@itk-wasm/downsample';
import { resample, alignedCentreGrid } from '../dist/image/resample.js';
import { syntheticCase } from '../dist/study/synthetic.js';

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const c = syntheticCase('bench', true, 3, { size: [256, 256, 64], spacing: [0.7, 0.7, 2] });
const image = { ...c.image, data: Float32Array.from(c.image.data) };
const grid = alignedCentreGrid(image, [1, 1, 1]);
const itkImage = {
  imageType: { dimension: 3, componentType: 'float32', pixelType: 'Scalar', components: 1 },
  name: 'bench', origin: [...image.origin], spacing: [...image.spacing], direction: new Float64Array(image.direction),
  size: [...image.size], metadata: new Map(), data: image.data,
};
const R = 3;
console.log(`input 256x256x64 (0.7x0.7x2 mm) -> ${grid.size.join('x')} at 1 mm; median of ${R} after one warm-up`);
for (const [ours, itk] of [['bspline', 'b_spline'], ['linear', 'linear'], ['nearest', 'nearest_neighbor']]) {
  const run = async (f) => {
    await f();
    const t = [];
    for (let r = 0; r < R; r++) {
      const t0 = performance.now();
      await f();
      t.push(performance.now() - t0);
    }
    return median(t);
  };
  const tOurs = await run(() => resample(image, grid, { interpolator: ours, outputType: 'float32' }));
  const tItk = await run(() => resampleNode(itkImage, { size: grid.size, outputSpacing: grid.spacing, outputOrigin: grid.origin, outputDirection: grid.direction, interpolator: itk }));
  console.log(`  ${ours.padEnd(8)} alnm ${(tOurs / 1000).toFixed(2)} s   ITK (itk-wasm) ${(tItk / 1000).toFixed(2)} s   ITK / alnm ${(tItk / tOurs).toFixed(2)}x`);
}
