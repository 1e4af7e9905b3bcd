// STUB: replaced by the implementation of the glcm feature class.
import { registerClass } from './registry.js';

registerClass({ name: 'glcm', features: [], compute: () => new Map() });
