export * from './types';
export * from './discovery';
