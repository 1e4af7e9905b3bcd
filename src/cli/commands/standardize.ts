import { readCases } from '../../radiomics/batch.js';
import { readVolume } from '../../io/read.js';
import { writeVolume } from '../../io/write.js';
import { applyNyul, fitNyul, DEFAULT_PERCENTILES } from '../../image/histogram-standardisation.js';
import { readLandmarks } from '../../image/preprocess-files.js';
import { writeFileAtomic } from '../../util/atomic.js';
import { EXIT } from '../../util/errors.js';
import { parseCommandArgs, usageError, type Command } from '../command.js';

const usage = `Usage:
  alnm standardize fit --cases train.csv --out landmarks.json [--percentiles 1,10,...,99] [--scale 1,100] [--use-mask]
  alnm standardize apply --image I --landmarks landmarks.json --out O.nii.gz

Nyul-Udupa histogram standardisation. \`fit\` learns standard landmarks from the TRAINING cases only (the
Image column of a cases CSV; foreground = voxels above the image mean, or the Mask column with --use-mask);
\`apply\` maps any other image with those landmarks unchanged (as \`alnm preprocess --standardize\` does).`;

export const command: Command = {
  name: 'standardize',
  summary: 'fit histogram-standardisation landmarks on training images, or apply them',
  usage,
  async run(argv) {
    const { values: a, positionals } = parseCommandArgs(
      this,
      argv,
      {
        cases: { type: 'string' },
        out: { type: 'string' },
        percentiles: { type: 'string' },
        scale: { type: 'string' },
        'use-mask': { type: 'boolean' },
        image: { type: 'string' },
        landmarks: { type: 'string' },
      },
      true,
    );
    const [verb] = positionals;
    if (verb === 'fit') {
      if (!a.cases || !a.out) throw usageError(this, 'fit needs --cases and --out');
      const percentiles = a.percentiles ? a.percentiles.split(',').map(Number) : DEFAULT_PERCENTILES;
      const scale = a.scale ? (a.scale.split(',').map(Number) as [number, number]) : undefined;
      if (scale && (scale.length !== 2 || scale.some((x) => !Number.isFinite(x)))) throw usageError(this, '--scale must be two numbers, low,high');
      const images = [];
      for (const c of readCases(a.cases)) {
        const img = await readVolume(c.image);
        const mask = a['use-mask'] ? (await readVolume(c.mask)).data : undefined;
        images.push({ data: img.data, mask, name: `case ${c.id}: ${c.image}` });
      }
      const lm = fitNyul(images, { percentiles, scale });
      await writeFileAtomic(a.out, JSON.stringify(lm, null, 2) + '\n');
      return EXIT.ok;
    }
    if (verb === 'apply') {
      if (!a.image || !a.landmarks || !a.out) throw usageError(this, 'apply needs --image, --landmarks and --out');
      const lm = readLandmarks(a.landmarks);
      const img = await readVolume(a.image);
      await writeVolume(a.out, applyNyul(img, lm, undefined, a.image));
      return EXIT.ok;
    }
    throw usageError(this, 'say `fit` or `apply`');
  },
};
