import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `../shared/data` beside the checkout: the outside references every test compares with. */
export const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/data');
export const data = (...p: string[]) => path.join(DATA, ...p);
/** Repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
