export { ReportForm } from './ReportForm';
