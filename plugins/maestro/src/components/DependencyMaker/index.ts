export { DependencyMakerPage } from './DependencyMakerPage';
export type { DependencyMakerPageProps, MakerGraphView } from './DependencyMakerPage';
export { ManageDependencies } from './ManageDependencies';
export { MakerGraphPane } from './MakerGraphPane';
