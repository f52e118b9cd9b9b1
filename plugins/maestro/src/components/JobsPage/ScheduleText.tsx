import type { JobSchedule } from '@maestro/plugin-maestro-common';
import { scheduleText } from './jobFormat';

/** A schedule in words, a cron expression set in code: "every 5 minutes", "cron `0 3 * * *` (Europe/Paris)". */
export function ScheduleText(props: { schedule: JobSchedule }) {
  const { schedule } = props;
  if (schedule.type !== 'cron') return <>{scheduleText(schedule)}</>;
  return (
    <>
      cron <code>{schedule.expression}</code> ({schedule.timeZone || 'UTC'})
    </>
  );
}
