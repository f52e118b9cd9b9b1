export { RulePage } from './RulePage';
