export * from './volume.js';
export * from './read.js';
export * from './write.js';
export * from './dtype.js';
