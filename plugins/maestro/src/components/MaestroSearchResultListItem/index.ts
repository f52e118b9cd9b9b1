export { MaestroSearchResultListItem } from './MaestroSearchResultListItem';
export type { MaestroSearchResultListItemProps } from './MaestroSearchResultListItem';
