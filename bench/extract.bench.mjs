// Radiomics extraction on PyRadiomics' brain1 case (256 x 256 x 25, 4137 ROI voxels), all 7 classes, defaults.
// Issue 2 targets: in-process feature computation no slower than reading + decoding the image file;
// the whole `alnm extract` process under 1 s. (PyRadiomics: about 3 s per case single-threaded.)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readVolume } from '../dist/io/read.js';
import { extractFeatures } from '../dist/radiomics/extract.js';
import { defaultParams } from '../dist/radiomics/settings.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const data = path.resolve(root, '../shared/data/pyradiomics');
const img = path.join(data, 'brain1_image.nrrd');
const msk = path.join(data, 'brain1_label.nrrd');
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const ms = (x) => `${x.toFixed(1)} ms`;

const R = 15;
const tRead = [];
const tExtract = [];
const params = defaultParams();
let nFeatures = 0;
for (let r = 0; r < R; r++) {
  let t = performance.now();
  const image = await readVolume(img);
  const mask = await readVolume(msk);
  tRead.push(performance.now() - t);
  t = performance.now();
  const row = extractFeatures(image, mask, params, { image: img, mask: msk });
  tExtract.push(performance.now() - t);
  nFeatures = row.names.length;
}
console.log(`in-process, median of ${R}: read+decode image and mask ${ms(median(tRead))}; features (${nFeatures}, 7 classes) ${ms(median(tExtract))}`);
console.log(`  target: features <= read+decode: ${median(tExtract) <= median(tRead) ? 'met' : 'NOT met'}`);

const P = 7;
const tProc = [];
let rss = 0;
for (let r = 0; r < P; r++) {
  const t = performance.now();
  const code = `import { main } from ${JSON.stringify(path.join(root, 'dist/cli/main.js'))};
    const c = await main(['extract', '--image', ${JSON.stringify(img)}, '--mask', ${JSON.stringify(msk)}]);
    process.stderr.write('maxRSS ' + process.resourceUsage().maxRSS + '\\n'); process.exitCode = c;`;
  const p = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  tProc.push(performance.now() - t);
  if (p.status !== 0) throw new Error(p.stderr);
  rss = Math.max(rss, Number(/maxRSS (\d+)/.exec(p.stderr)[1]));
}
console.log(`whole process \`alnm extract --image brain1 --mask brain1\`, median of ${P}: ${ms(median(tProc))}; peak RSS ${(rss / 1024).toFixed(0)} MB`);
console.log(`  target: < 1000 ms: ${median(tProc) < 1000 ? 'met' : 'NOT met'}`);
