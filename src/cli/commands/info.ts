import { readVolume } from '../../io/read.js';
import { componentTypeOf } from '../../io/dtype.js';
import { fmtVec, intensityRange } from '../../io/volume.js';
import { parseCommandArgs, usageError, type Command } from '../command.js';

const usage = `Usage: alnm info FILE [--json]

Print an image's geometry (size, spacing, origin, direction), voxel type and intensity statistics.
For an integer image with few distinct values (a mask), also the labels and their voxel counts.`;

export const command: Command = {
  name: 'info',
  summary: 'geometry, voxel type and intensity statistics of an image or mask',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(this, argv, { json: { type: 'boolean' } }, true);
    if (positionals.length !== 1) throw usageError(this, 'give exactly one FILE');
    const file = positionals[0];
    const v = await readVolume(file, { rejectNonFinite: false });
    const type = componentTypeOf(v.data);
    const { min, max, nonFinite } = intensityRange(v.data);
    let sum = 0;
    let n = 0;
    const counts = new Map<number, number>();
    // Labels for integer voxels, and for float masks whose values are all whole numbers (masks saved as 1.0).
    let integer = true;
    for (let i = 0; i < v.data.length; i++) {
      const x = v.data[i];
      if (!Number.isFinite(x)) continue;
      sum += x;
      n++;
      if (integer && counts.size <= 256) {
        if (Number.isInteger(x)) counts.set(x, (counts.get(x) ?? 0) + 1);
        else integer = false;
      }
    }
    const mean = sum / n;
    // Population SD from deviations (two passes): sum x^2 / n - mean^2 loses every digit when the mean is large.
    let ss = 0;
    for (let i = 0; i < v.data.length; i++) {
      const x = v.data[i];
      if (Number.isFinite(x)) ss += (x - mean) * (x - mean);
    }
    const sd = Math.sqrt(ss / n);
    const labels = integer && counts.size <= 256 ? [...counts.entries()].sort((a, b) => a[0] - b[0]) : null;
    const info = {
      file,
      size: v.size,
      spacing: v.spacing,
      origin: v.origin,
      direction: v.direction,
      type,
      voxels: v.data.length,
      min,
      max,
      mean,
      sd,
      nonFinite,
      labels: labels ? Object.fromEntries(labels.map(([l, c]) => [String(l), c])) : undefined,
    };
    if (values.json) {
      process.stdout.write(JSON.stringify(info, null, 2) + '\n');
      return 0;
    }
    const lines = [
      `file       ${file}`,
      `size       ${v.size.join(' x ')} (${v.data.length} voxels)`,
      `spacing    ${fmtVec(v.spacing)} mm`,
      `origin     ${fmtVec(v.origin)} mm (LPS)`,
      `direction  ${fmtVec(v.direction)}`,
      `type       ${type}`,
      `intensity  min ${min}, max ${max}, mean ${mean.toPrecision(6)}, sd ${sd.toPrecision(6)}` + (nonFinite ? `, ${nonFinite} NaN/inf` : ''),
    ];
    if (labels && labels.length <= 32) lines.push(`labels     ${labels.map(([l, c]) => `${l}: ${c}`).join(', ')}`);
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
};
