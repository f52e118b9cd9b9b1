export { ReportResultPage } from './ReportResultPage';
