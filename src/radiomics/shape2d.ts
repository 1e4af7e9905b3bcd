// STUB: replaced by the implementation of the shape2D feature class.
import { registerClass } from './registry.js';

registerClass({ name: 'shape2D', features: [], compute: () => new Map() });
