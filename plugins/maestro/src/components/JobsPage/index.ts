export { JobsPage } from './JobsPage';
export { JobsViewTabs } from './JobsViewTabs';
