import { expect } from 'vitest';
import { isAlnmError } from '../../src/util/errors.js';

/** The message of the AlnmError that `f` throws; fails the test when it throws anything else or nothing. */
export function alnmErrorMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(isAlnmError(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}
