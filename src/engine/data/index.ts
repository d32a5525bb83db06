// Image datasets: the bundled digits, the IDX importer, the fixed split, batching, augmentation.

export * from './augment'
export * from './batch'
export * from './digits'
export * from './idx'
export * from './images'
export * from './split'
