import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import { JobNotices } from '../jobs';

/** The signals channel carrying the progress of report runs. */
export const REPORT_RUN_SIGNAL_CHANNEL = 'maestro:report-run';

/** What a report-run signal says: which run, its state and progress; never an error text or a row. */
export interface ReportRunSignalMessage {
  runId: string;
  reportId: string;
  status: string;
  recordsRead: number;
  bytes: number;
  rows?: number;
}

/** What the notices need to know about a run. */
export interface RunNoticeSubject {
  id: string;
  reportId: string;
  reportName: string;
  requestedBy: string;
}

/** Only users get signals and notifications: a run asked for by a service (a subject, not an entity ref) gets none. */
const isUserRef = (ref: string) => /^user:[^/]+\/.+$/i.test(ref);

/**
 * What report runs tell their requester, through the jobs' {@link JobNotices}: progress **signals** on
 * `maestro:report-run` to the requester alone (no other recipient: a run's rows are the requester's), and a
 * **notification** to the requester when the run succeeds (with the link to its report) or fails (with the error).
 */
export class ReportRunNotices {
  readonly #notices: JobNotices;

  constructor(options: { signals?: SignalsService; notifications?: NotificationService; logger: LoggerService }) {
    this.#notices = new JobNotices({ ...options, channel: REPORT_RUN_SIGNAL_CHANNEL, recipients: [] });
  }

  publish(run: RunNoticeSubject, message: ReportRunSignalMessage): void {
    if (isUserRef(run.requestedBy)) this.#notices.publish(run.requestedBy, { ...message });
  }

  async succeeded(run: RunNoticeSubject, result: { rows: number; bytes: number; fileName: string }): Promise<void> {
    await this.#send(run, {
      title: `Report ready: ${run.reportName}`,
      description: `${result.fileName}: ${result.rows} rows, ${result.bytes} bytes. Download it from the report's runs.`,
      severity: 'normal',
    });
  }

  async failed(run: RunNoticeSubject, error: string): Promise<void> {
    await this.#send(run, { title: `Report failed: ${run.reportName}`, description: error, severity: 'high' });
  }

  async #send(run: RunNoticeSubject, payload: { title: string; description: string; severity: 'normal' | 'high' }) {
    if (!isUserRef(run.requestedBy)) return;
    await this.#notices.send(
      run.requestedBy,
      {
        ...payload,
        link: `/maestro/reports/${encodeURIComponent(run.reportId)}?run=${encodeURIComponent(run.id)}`,
        topic: `maestro-report-${run.reportId}`,
        scope: `maestro-report-run:${run.id}`,
      },
      `report run ${run.id}`,
    );
  }
}
