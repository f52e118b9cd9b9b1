export * from './types';
export * from './discovery';
export * from './reportFilters';
export * from './reports';
export * from './graphs';
export * from './graphStyle';
export * from './dependencies';
