// STUB: replaced by the implementation of the shape feature class.
import { registerClass } from './registry.js';

registerClass({ name: 'shape', features: [], compute: () => new Map() });
