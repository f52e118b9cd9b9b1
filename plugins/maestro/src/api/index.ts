export * from './MaestroApi';
export * from './MaestroClient';
