/**
 * The feature classes alnm computes, by PyRadiomics name. Each lives in its own file in this folder.
 */
import type { FeatureClass } from './types.js';

const classes = new Map<string, FeatureClass>();

export function registerClass(c: FeatureClass): void {
  classes.set(c.name, c);
}

export function getClass(name: string): FeatureClass | undefined {
  return classes.get(name);
}
