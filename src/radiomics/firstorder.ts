// STUB: replaced by the implementation of the firstorder feature class.
import { registerClass } from './registry.js';

registerClass({ name: 'firstorder', features: [], compute: () => new Map() });
