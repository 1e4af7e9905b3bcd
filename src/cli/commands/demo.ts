import { availableParallelism } from 'node:os';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeVolume } from '../../io/write.js';
import { extractBatch } from '../../radiomics/batch.js';
import type { CaseSpec } from '../../radiomics/case.js';
import { syntheticCase } from '../../study/synthetic.js';
import { toCsv } from '../../util/csv.js';
import { writeFileAtomic } from '../../util/atomic.js';
import { EXIT } from '../../util/errors.js';
import { parseCommandArgs, usageError, type Command } from '../command.js';
import { progressBar } from '../progress.js';

const usage = `Usage: alnm demo [--out DIR] [--cases N] [--seed S] [--jobs N]

The main job on built-in synthetic data: writes N synthetic breast DCE-MRI cases (NIfTI image + tumour mask,
made by alnm's own code; half node-positive), a cases.csv, extracts every radiomics feature of every case
with PyRadiomics' defaults (features.csv) and prints a summary. Defaults: --out demo-out, --cases 12, --seed 42.`;

const SHOW = ['original_shape_VoxelVolume', 'original_shape_Sphericity', 'original_firstorder_Mean', 'original_glcm_Contrast', 'original_glszm_ZoneEntropy'];

export const command: Command = {
  name: 'demo',
  summary: 'the main job on built-in synthetic data (writes cases, extracts features, prints a summary)',
  usage,
  async run(argv) {
    const { values: a } = parseCommandArgs(this, argv, {
      out: { type: 'string' },
      cases: { type: 'string' },
      seed: { type: 'string' },
      jobs: { type: 'string' },
    });
    const out = a.out ?? 'demo-out';
    const n = Number(a.cases ?? 12);
    const seed = Number(a.seed ?? 42);
    const jobs = Number(a.jobs ?? availableParallelism());
    if (!Number.isInteger(n) || n < 2) throw usageError(this, '--cases must be an integer >= 2');
    if (!Number.isInteger(seed)) throw usageError(this, '--seed must be an integer');
    if (!Number.isInteger(jobs) || jobs < 1) throw usageError(this, '--jobs must be a positive integer');
    const t0 = Date.now();
    await mkdir(path.join(out, 'images'), { recursive: true });
    const rows: string[][] = [['ID', 'Image', 'Mask', 'ALN']];
    const specs: CaseSpec[] = [];
    for (let i = 0; i < n; i++) {
      const id = `demo${String(i + 1).padStart(3, '0')}`;
      const c = syntheticCase(id, i % 2 === 1, seed * 1000 + i);
      const img = path.join('images', `${id}_image.nii.gz`);
      const msk = path.join('images', `${id}_mask.nii.gz`);
      await writeVolume(path.join(out, img), c.image);
      await writeVolume(path.join(out, msk), c.mask);
      rows.push([id, img, msk, c.truth.alnPositive ? '1' : '0']);
      specs.push({ id, image: path.resolve(out, img), mask: path.resolve(out, msk) });
    }
    await writeFileAtomic(path.join(out, 'cases.csv'), toCsv(rows));
    const t1 = Date.now();
    const outcomes = await extractBatch(specs, {}, 'defaults', { jobs, diagnostics: false, onProgress: progressBar('extract') });
    const t2 = Date.now();
    const ok = outcomes.filter((o) => o.ok);
    if (ok.length === 0) return EXIT.error;
    const names = ok[0].result.names;
    const table = [['ID', 'ALN', ...names]];
    outcomes.forEach((o, i) => {
      if (o.ok) table.push([specs[i].id!, rows[i + 1][3], ...o.result.values.map(String)]);
      else process.stderr.write(`alnm demo: ${o.message}\n`);
    });
    await writeFileAtomic(path.join(out, 'features.csv'), toCsv(table));
    const lines = [
      `alnm demo: ${n} synthetic cases in ${out}/ (cases.csv, images/), ${names.length} features each in ${out}/features.csv`,
      `  wrote cases in ${((t1 - t0) / 1000).toFixed(2)} s, extracted in ${((t2 - t1) / 1000).toFixed(2)} s with ${jobs} worker thread(s)`,
      '',
      ['ID', 'ALN', ...SHOW.map((s) => s.replace('original_', ''))].join('\t'),
    ];
    const col = SHOW.map((s) => names.indexOf(s));
    outcomes.forEach((o, i) => {
      if (!o.ok) return;
      lines.push([specs[i].id, rows[i + 1][3], ...col.map((c) => (c < 0 ? '-' : Number(o.result.values[c].toPrecision(5)).toString()))].join('\t'));
    });
    process.stdout.write(lines.join('\n') + '\n');
    return ok.length === outcomes.length ? EXIT.ok : EXIT.partial;
  },
};
