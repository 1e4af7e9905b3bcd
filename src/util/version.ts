import { readFileSync } from 'node:fs';

/** The package version (from package.json, two levels above both src/util and dist/util). */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
