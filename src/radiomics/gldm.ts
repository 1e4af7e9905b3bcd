// STUB: replaced by the implementation of the gldm feature class.
import { registerClass } from './registry.js';

registerClass({ name: 'gldm', features: [], compute: () => new Map() });
