import { availableParallelism } from 'node:os';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeVolume } from '../../io/write.js';
import { readVolume } from '../../io/read.js';
import { fitNyul } from '../../image/histogram-standardisation.js';
import { preprocessBatch } from '../../image/preprocess-batch.js';
import type { PreprocessJob } from '../../image/preprocess-files.js';
import { extractBatch } from '../../radiomics/batch.js';
import type { CaseSpec } from '../../radiomics/case.js';
import { auc } from '../../eval/roc.js';
import { syntheticCase } from '../../study/synthetic.js';
import { toCsv } from '../../util/csv.js';
import { writeFileAtomic } from '../../util/atomic.js';
import { EXIT } from '../../util/errors.js';
import { parseCommandArgs, usageError, type Command } from '../command.js';
import { progressBar } from '../progress.js';

const usage = `Usage: alnm demo [--out DIR] [--cases N] [--seed S] [--jobs N]

The main job on built-in synthetic data, the paper's pipeline as far as it exists:
  1. writes N synthetic breast DCE-MRI cases (NIfTI image + tumour mask, made by alnm's own code; half of them
     node-positive) and DIR/cases.csv, split 7:3 into training and validation cohorts;
  2. fits histogram-standardisation landmarks on the TRAINING images only (DIR/landmarks.json);
  3. preprocesses every case as the paper does: N4 bias correction, B-spline resampling to 1 mm, the
     standardisation fitted in 2 (DIR/preprocessed/, with its cases.csv);
  4. extracts every PyRadiomics feature (binWidth 2 on the standardised scale): DIR/features.csv;
  5. prints, for the features that separate node status best in the training cohort, their AUC in training
     and validation (univariate, a first look; the models come with the study pipeline).
Defaults: --out demo-out, --cases 24, --seed 42, --jobs = cores.`;

/** The demo's extraction settings: PyRadiomics defaults but a bin width suited to the standardised scale [1, 100]. */
const PARAMS = { setting: { binWidth: 2 } };

export const command: Command = {
  name: 'demo',
  summary: 'the main job on built-in synthetic data (preprocess, extract, first look at the features)',
  usage,
  async run(argv) {
    const { values: a } = parseCommandArgs(this, argv, {
      out: { type: 'string' },
      cases: { type: 'string' },
      seed: { type: 'string' },
      jobs: { type: 'string' },
    });
    const out = a.out ?? 'demo-out';
    const n = Number(a.cases ?? 24);
    const seed = Number(a.seed ?? 42);
    const jobs = Number(a.jobs ?? availableParallelism());
    if (!Number.isInteger(n) || n < 8) throw usageError(this, '--cases must be an integer >= 8');
    if (!Number.isInteger(seed)) throw usageError(this, '--seed must be an integer');
    if (!Number.isInteger(jobs) || jobs < 1) throw usageError(this, '--jobs must be a positive integer');
    const t0 = Date.now();

    // 1. Synthetic cases, 7:3 split (node status alternates, so both cohorts hold both classes).
    await mkdir(path.join(out, 'images'), { recursive: true });
    const nTrain = Math.round(0.7 * n);
    const ids: string[] = [];
    const aln: number[] = [];
    const rows: string[][] = [['ID', 'Image', 'Mask', 'ALN', 'Cohort']];
    for (let i = 0; i < n; i++) {
      const id = `demo${String(i + 1).padStart(3, '0')}`;
      const c = syntheticCase(id, i % 2 === 1, seed * 1000 + i);
      const img = path.join('images', `${id}_image.nii.gz`);
      const msk = path.join('images', `${id}_mask.nii.gz`);
      await writeVolume(path.join(out, img), c.image);
      await writeVolume(path.join(out, msk), c.mask);
      ids.push(id);
      aln.push(c.truth.alnPositive ? 1 : 0);
      rows.push([id, img, msk, String(aln[i]), i < nTrain ? 'training' : 'validation']);
    }
    await writeFileAtomic(path.join(out, 'cases.csv'), toCsv(rows));
    const t1 = Date.now();

    // 2. Landmarks from the training images only.
    const training = [];
    for (let i = 0; i < nTrain; i++) training.push({ data: (await readVolume(path.resolve(out, rows[i + 1][1]))).data, name: ids[i] });
    const landmarks = path.join(out, 'landmarks.json');
    await writeFileAtomic(landmarks, JSON.stringify(fitNyul(training), null, 2) + '\n');

    // 3. The paper's preprocessing, one case per worker thread.
    const pre = path.join(out, 'preprocessed');
    await mkdir(pre, { recursive: true });
    const list: PreprocessJob[] = ids.map((id, index) => ({
      index,
      id,
      image: path.resolve(out, rows[index + 1][1]),
      mask: path.resolve(out, rows[index + 1][2]),
      out: path.resolve(pre, `${id}_image.nii.gz`),
      outMask: path.resolve(pre, `${id}_mask.nii.gz`),
      options: { n4: {}, spacing: [1, 1, 1], interpolator: 'bspline', maskResampling: 0.5, landmarksFile: path.resolve(landmarks) },
    }));
    const preOut = await preprocessBatch(list, jobs, progressBar('preprocess'));
    const failed = preOut.filter((o) => !o.ok);
    for (const o of failed) process.stderr.write(`alnm demo: ${o.message}\n`);
    await writeFileAtomic(
      path.join(pre, 'cases.csv'),
      toCsv([rows[0], ...ids.flatMap((id, i) => (preOut[i].ok ? [[id, `${id}_image.nii.gz`, `${id}_mask.nii.gz`, ...rows[i + 1].slice(3)]] : []))]),
    );
    const t2 = Date.now();

    // 4. Features of the preprocessed cases.
    const specs: CaseSpec[] = list.filter((_, i) => preOut[i].ok).map((j) => ({ id: j.id, image: j.out, mask: j.outMask! }));
    const outcomes = await extractBatch(specs, PARAMS, 'demo settings (binWidth 2)', { jobs, diagnostics: false, onProgress: progressBar('extract') });
    const t3 = Date.now();
    const ok = outcomes.filter((o) => o.ok);
    if (ok.length === 0) return EXIT.error;
    const names = ok[0].result.names;
    const table: (string | number)[][] = [['ID', 'ALN', 'Cohort', ...names]];
    const values: number[][] = [];
    const y: number[] = [];
    const train: boolean[] = [];
    outcomes.forEach((o, k) => {
      const i = ids.indexOf(specs[k].id!);
      if (!o.ok) {
        process.stderr.write(`alnm demo: ${o.message}\n`);
        return;
      }
      table.push([ids[i], aln[i], i < nTrain ? 'training' : 'validation', ...o.result.values]);
      values.push(o.result.values);
      y.push(aln[i]);
      train.push(i < nTrain);
    });
    await writeFileAtomic(path.join(out, 'features.csv'), toCsv(table));

    // 5. Univariate AUC per feature, ranked on the training cohort (|AUC - 0.5|: either direction).
    const cohort = (want: boolean, f: number) => {
      const s: number[] = [];
      const l: number[] = [];
      values.forEach((v, r) => {
        if (train[r] === want && Number.isFinite(v[f])) {
          s.push(v[f]);
          l.push(y[r]);
        }
      });
      return l.includes(0) && l.includes(1) ? auc(s, l) : NaN;
    };
    const ranked = names
      .map((name, f) => ({ name, train: cohort(true, f), valid: cohort(false, f) }))
      .filter((r) => Number.isFinite(r.train))
      .sort((p, q) => Math.abs(q.train - 0.5) - Math.abs(p.train - 0.5) || p.name.localeCompare(q.name))
      .slice(0, 8);
    const nValid = values.length - train.filter(Boolean).length;
    const lines = [
      `alnm demo: ${n} synthetic cases (${nTrain} training, ${n - nTrain} validation) in ${out}/`,
      `  cases written in ${((t1 - t0) / 1000).toFixed(1)} s; landmarks fitted on the training images; preprocessed (N4, 1 mm B-spline, standardised) in ${((t2 - t1) / 1000).toFixed(1)} s` +
        (failed.length ? ` (${failed.length} failed)` : ''),
      `  ${names.length} features of ${values.length} cases extracted in ${((t3 - t2) / 1000).toFixed(1)} s with ${jobs} worker thread(s): ${out}/features.csv`,
      '',
      `Features that separate node status best in training (univariate AUC; validation: ${nValid} cases):`,
      `  ${'feature'.padEnd(52)} training  validation`,
      ...ranked.map((r) => `  ${r.name.padEnd(52)} ${r.train.toFixed(3).padStart(8)}  ${Number.isFinite(r.valid) ? r.valid.toFixed(3).padStart(10) : '         -'}`),
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return failed.length === 0 && ok.length === outcomes.length ? EXIT.ok : EXIT.partial;
  },
};
