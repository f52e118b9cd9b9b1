export { GraphsPage } from './GraphsPage';
export { GraphForm } from './GraphForm';
export { entryText } from './entryText';
