export { ChartCard, CHART_COLOURS } from './ChartCard';
export { ReportCharts } from './ReportCharts';
