import { REPORT_EXPORT_FORMATS } from '@maestro/plugin-maestro-common';
import { EXPORT_FORMATS, ExportFormat } from './reportExport';

/**
 * The media type and extension of a format a report run may be asked for: one of REPORT_EXPORT_FORMATS that the
 * export writes (reportExport's EXPORT_FORMATS); undefined for any other.
 */
export function runFormat(format: string): { type: string; extension: string } | undefined {
  if (!(REPORT_EXPORT_FORMATS as readonly string[]).includes(format)) return undefined;
  return Object.prototype.hasOwnProperty.call(EXPORT_FORMATS, format)
    ? EXPORT_FORMATS[format as ExportFormat]
    : undefined;
}

/** The formats a run may be asked for, in REPORT_EXPORT_FORMATS order. */
export const runFormats = (): string[] => REPORT_EXPORT_FORMATS.filter(f => runFormat(f));
