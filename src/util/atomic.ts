import { promises as fs } from 'node:fs';
import path from 'node:path';

let counter = 0;
function tempName(target: string): string {
  counter += 1;
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${counter}.tmp`);
}

/**
 * Write a file atomically: the data goes to a temporary file beside the target, which is then renamed
 * over it. A crash or an error never leaves a half-written output behind.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempName(target);
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}
