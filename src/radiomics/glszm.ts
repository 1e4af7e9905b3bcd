// STUB: replaced by the implementation of the glszm feature class.
import { registerClass } from './registry.js';

registerClass({ name: 'glszm', features: [], compute: () => new Map() });
