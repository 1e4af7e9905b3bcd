/**
 * The main job (`alnm demo`, what `npm start` runs): it writes the synthetic cohort, fits the standardisation
 * landmarks on the training cohort only, preprocesses, extracts and summarises; the same seed gives the same
 * files whatever the number of worker threads.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readVolume } from '../src/io/read.js';
import { ROOT } from './helpers/data.js';

const dir = mkdtempSync(path.join(tmpdir(), 'alnm-demo-'));
const demo = (out: string, jobs: string) =>
  spawnSync(process.execPath, [path.join(ROOT, 'bin', 'alnm.js'), 'demo', '--out', out, '--cases', '8', '--jobs', jobs], { cwd: dir, encoding: 'utf8' });

describe('alnm demo', () => {
  const a = demo('a', '1');
  const b = demo('b', '2');

  it('runs the pipeline and prints a summary', () => {
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    expect(a.stdout).toMatch(/8 synthetic cases \(6 training, 2 validation\)/);
    expect(a.stdout).toMatch(/107 features of 8 cases/);
  });

  it('fits the landmarks on the 6 training cases only and preprocesses to 1 mm', async () => {
    const lm = JSON.parse(readFileSync(path.join(dir, 'a', 'landmarks.json'), 'utf8'));
    expect(lm.n).toBe(6);
    const v = await readVolume(path.join(dir, 'a', 'preprocessed', 'demo001_image.nii.gz'));
    expect(v.spacing).toEqual([1, 1, 1]);
    const rows = readFileSync(path.join(dir, 'a', 'features.csv'), 'utf8').trim().split('\n');
    expect(rows).toHaveLength(9);
    expect(rows[0].startsWith('ID,ALN,Cohort,original_shape_')).toBe(true);
  });

  it('gives the same features for 1 and 2 worker threads', () => {
    expect(b.status).toBe(0);
    expect(readFileSync(path.join(dir, 'b', 'features.csv'), 'utf8')).toBe(readFileSync(path.join(dir, 'a', 'features.csv'), 'utf8'));
  });
});
