// The convolutional-network engine (Sec. VI): geometry, layers, hand filters, worked example, training job.
export * from './geometry'
export * from './conv2d'
export * from './pool'
export * from './handFilters'
export * from './workedExample'
export * from './cnnLayers'
export * from './classifierModel'
export * from './cnnTrainJob'
