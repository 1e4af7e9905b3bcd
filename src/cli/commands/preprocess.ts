import { availableParallelism } from 'node:os';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { readCases } from '../../radiomics/batch.js';
import { preprocessFiles, type PreprocessJob } from '../../image/preprocess-files.js';
import { preprocessBatch } from '../../image/preprocess-batch.js';
import { N4_DEFAULTS } from '../../image/n4.js';
import type { Interpolator } from '../../image/resample.js';
import { toCsv } from '../../util/csv.js';
import { writeFileAtomic } from '../../util/atomic.js';
import { EXIT, fileError } from '../../util/errors.js';
import { parseCommandArgs, usageError, type Command } from '../command.js';
import { progressBar } from '../progress.js';
import type { Vec3 } from '../../io/volume.js';

const usage = `Usage:
  alnm preprocess --image I [--mask M] --out O.nii.gz [--out-mask OM.nii.gz] [--bias-out B.nii.gz] [steps]
  alnm preprocess --cases cases.csv --out-dir DIR [--jobs N] [steps]

Steps, applied in this order (the study's preprocessing):
  --n4                      N4 bias-field correction (Otsu foreground mask)
    --shrink F              shrink factor (default ${N4_DEFAULTS.shrinkFactor})
    --n4-iterations a,b,..  iterations per fitting level (default ${N4_DEFAULTS.iterations.join(',')})
    --n4-threshold T        convergence threshold (default ${N4_DEFAULTS.convergenceThreshold})
  --spacing x,y,z           resample to this spacing in mm (e.g. 1,1,1), grid centred on the original
    --interpolator I        bspline (default), linear or nearest, for the image
    --mask-threshold T      resample the mask linearly and keep >= T (IBSI: 0.5); default nearest neighbour
  --standardize L.json      histogram standardisation with landmarks from \`alnm standardize fit\`
Batch mode writes DIR/<ID>_image.nii.gz (and _mask, _bias) and DIR/cases.csv pointing at them; a failing
case is reported (stderr and DIR/cases.csv.errors.csv) and skipped, exit code 3.`;

function parseList(cmd: Command, name: string, v: string | undefined, n?: number): number[] | undefined {
  if (v === undefined) return undefined;
  const xs = v.split(',').map(Number);
  if (xs.some((x) => !Number.isFinite(x)) || (n !== undefined && xs.length !== n)) throw usageError(cmd, `--${name} must be ${n ?? 'a list of'} comma-separated numbers, got "${v}"`);
  return xs;
}

export const command: Command = {
  name: 'preprocess',
  summary: 'N4 bias correction, resampling to isotropic voxels, histogram standardisation',
  usage,
  async run(argv) {
    const { values: a } = parseCommandArgs(this, argv, {
      image: { type: 'string' },
      mask: { type: 'string' },
      out: { type: 'string' },
      'out-mask': { type: 'string' },
      'bias-out': { type: 'string' },
      cases: { type: 'string' },
      'out-dir': { type: 'string' },
      jobs: { type: 'string' },
      n4: { type: 'boolean' },
      shrink: { type: 'string' },
      'n4-iterations': { type: 'string' },
      'n4-threshold': { type: 'string' },
      spacing: { type: 'string' },
      interpolator: { type: 'string' },
      'mask-threshold': { type: 'string' },
      standardize: { type: 'string' },
    });
    const spacing = parseList(this, 'spacing', a.spacing, 3) as Vec3 | undefined;
    if (spacing && spacing.some((s) => !(s > 0))) throw usageError(this, `--spacing must be positive, got "${a.spacing}"`);
    const interpolator = (a.interpolator ?? 'bspline') as Interpolator;
    if (!['bspline', 'linear', 'nearest'].includes(interpolator)) throw usageError(this, `--interpolator must be bspline, linear or nearest`);
    const thr = a['mask-threshold'] === undefined ? 'nearest' : Number(a['mask-threshold']);
    if (thr !== 'nearest' && !(thr > 0 && thr <= 1)) throw usageError(this, '--mask-threshold must be in (0, 1]');
    const shrink = a.shrink === undefined ? N4_DEFAULTS.shrinkFactor : Number(a.shrink);
    if (!(Number.isInteger(shrink) && shrink >= 1)) throw usageError(this, '--shrink must be a positive integer');
    const iterations = parseList(this, 'n4-iterations', a['n4-iterations']) ?? N4_DEFAULTS.iterations;
    const threshold = a['n4-threshold'] === undefined ? N4_DEFAULTS.convergenceThreshold : Number(a['n4-threshold']);
    const options: PreprocessJob['options'] = {
      n4: a.n4 ? { shrinkFactor: shrink, iterations, convergenceThreshold: threshold } : null,
      spacing: spacing ?? null,
      interpolator,
      maskResampling: thr,
      landmarksFile: a.standardize,
    };
    if (!a.n4 && !spacing && !a.standardize) throw usageError(this, 'choose at least one step: --n4, --spacing, --standardize');
    if (a.cases) {
      const dir = a['out-dir'];
      if (!dir) throw usageError(this, 'batch mode needs --out-dir');
      const jobs = a.jobs === undefined ? availableParallelism() : Number(a.jobs);
      if (!Number.isInteger(jobs) || jobs < 1) throw usageError(this, '--jobs must be a positive integer');
      const cases = readCases(a.cases);
      // IDs name the output files: a path separator would write outside DIR or into a missing folder.
      const bad = cases.find((c) => /[/\\]/.test(c.id!));
      if (bad) throw fileError(a.cases, `ID "${bad.id}" cannot name output files (no / or \\ in IDs)`);
      await mkdir(dir, { recursive: true });
      const list: PreprocessJob[] = cases.map((c, index) => ({
        index,
        id: c.id,
        image: c.image,
        mask: c.mask,
        out: path.resolve(dir, `${c.id}_image.nii.gz`),
        outMask: path.resolve(dir, `${c.id}_mask.nii.gz`),
        biasOut: a.n4 ? path.resolve(dir, `${c.id}_bias.nii.gz`) : undefined,
        options,
      }));
      const outcomes = await preprocessBatch(list, jobs, progressBar('preprocess'));
      // The new cases CSV keeps the input's other columns (Label, clinical data) as they were.
      const hasLabel = cases.some((c) => c.label !== undefined);
      const extraNames = (cases[0]?.extra ?? []).map(([n]) => n);
      const rows = [['ID', 'Image', 'Mask', ...(hasLabel ? ['Label'] : []), ...extraNames]];
      const errors = [['ID', 'reason']];
      outcomes.forEach((o, i) => {
        const c = cases[i];
        const label = hasLabel ? [c.label === undefined ? '' : String(c.label)] : [];
        if (o.ok) rows.push([c.id!, `${c.id}_image.nii.gz`, `${c.id}_mask.nii.gz`, ...label, ...(c.extra ?? []).map(([, v]) => v)]);
        else {
          errors.push([c.id!, o.message!]);
          process.stderr.write(`alnm preprocess: ${o.message}\n`);
        }
      });
      const out = path.join(dir, 'cases.csv');
      await writeFileAtomic(out, toCsv(rows));
      if (errors.length > 1) {
        await writeFileAtomic(`${out}.errors.csv`, toCsv(errors));
        process.stderr.write(`alnm preprocess: ${errors.length - 1} of ${cases.length} cases failed (listed in ${out}.errors.csv)\n`);
        return EXIT.partial;
      }
      return EXIT.ok;
    }
    if (!a.image || !a.out) throw usageError(this, 'give --image and --out, or --cases and --out-dir');
    if (a['out-mask'] && !a.mask) throw usageError(this, '--out-mask needs --mask');
    if (a['bias-out'] && !a.n4) throw usageError(this, '--bias-out needs --n4');
    await preprocessFiles({ index: 0, image: a.image, mask: a.mask, out: a.out, outMask: a['out-mask'], biasOut: a['bias-out'], options });
    return EXIT.ok;
  },
};
