export { EntityDependenciesContent, DEPENDENCY_TAB_KINDS, NEIGHBOURHOOD_DEPTH } from './EntityDependenciesContent';
