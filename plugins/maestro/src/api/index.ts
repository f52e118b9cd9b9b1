export * from './MaestroApi';
export * from './MaestroClient';
export * from './ReportsApi';
export * from './GraphsApi';
export * from './JobsApi';
export * from './SubscriptionsApi';
