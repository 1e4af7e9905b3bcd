// STUB: replaced by the implementation of the ngtdm feature class.
import { registerClass } from './registry.js';

registerClass({ name: 'ngtdm', features: [], compute: () => new Map() });
