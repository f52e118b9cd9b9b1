export { ChangeDetails, formatValue } from './ChangeDetails';
