// STUB: replaced by the implementation of the glrlm feature class.
import { registerClass } from './registry.js';

registerClass({ name: 'glrlm', features: [], compute: () => new Map() });
