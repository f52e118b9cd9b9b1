import type { SchedulerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { JobRunner } from './JobRunner';
import { JobAbortedError, throwIfAborted } from './schedule';

const T0 = Date.parse('2026-03-02T10:00:00.000Z');

/** The runner on Backstage's test scheduler (a task runs when triggered), with its clock and logger to look at. */
function setup() {
  // Backstage's test scheduler runs a task when triggered; it also resolves (or rejects) waitForTask when it ends
  const scheduler = mockServices.scheduler() as SchedulerService & { waitForTask(id: string): Promise<void> };
  const scheduled = jest.spyOn(scheduler, 'scheduleTask');
  const logger = mockServices.logger.mock();
  const clock = { now: T0 };
  const runner = new JobRunner({ scheduler, logger, now: () => clock.now });
  return { scheduler, scheduled, logger, clock, runner };
}

describe('JobRunner', () => {
  it('registers each job once per process, as a global task with its schedule', async () => {
    const { runner, scheduled, scheduler } = setup();
    const job = {
      id: 'maestro-test:a',
      type: 'test',
      frequency: { hours: 1 },
      timeout: { minutes: 10 },
      initialDelay: { seconds: 30 },
      run: async () => {},
    };
    expect(await runner.schedule(job)).toBe(true);
    expect(await runner.schedule({ ...job, frequency: { minutes: 1 } })).toBe(false);
    await runner.schedule({
      id: 'maestro-test:b',
      type: 'other',
      frequency: { minutes: 5 },
      timeout: { minutes: 1 },
      run: async () => {},
    });

    expect(scheduled).toHaveBeenCalledTimes(2);
    expect(scheduled.mock.calls[0][0]).toMatchObject({
      id: 'maestro-test:a',
      scope: 'global',
      frequency: { hours: 1 },
      timeout: { minutes: 10 },
      initialDelay: { seconds: 30 },
    });
    expect(scheduled.mock.calls[1][0]).not.toHaveProperty('initialDelay');
    expect(await scheduler.getScheduledTasks()).toEqual([
      expect.objectContaining({ id: 'maestro-test:a', scope: 'global' }),
      expect.objectContaining({ id: 'maestro-test:b', scope: 'global' }),
    ]);
    expect(runner.jobs()).toEqual([
      { id: 'maestro-test:a', type: 'test' },
      { id: 'maestro-test:b', type: 'other' },
    ]);
    expect(runner.isScheduled('maestro-test:a')).toBe(true);
    expect(runner.isScheduled('maestro-test:c')).toBe(false);
  });

  it('runs a job without `due` on every start of its task, with its id, the task signal and a child logger', async () => {
    const { runner, scheduler, logger } = setup();
    const runs: Array<{ jobId: string; aborted: boolean; hasLogger: boolean }> = [];
    await runner.schedule({
      id: 'maestro-test:fixed',
      type: 'test',
      frequency: { hours: 24 },
      timeout: { minutes: 30 },
      run: async ({ jobId, signal, logger: runLogger }) =>
        void runs.push({ jobId, aborted: signal.aborted, hasLogger: !!runLogger }),
    });
    await scheduler.triggerTask('maestro-test:fixed');
    await scheduler.triggerTask('maestro-test:fixed');
    expect(runs).toEqual([
      { jobId: 'maestro-test:fixed', aborted: false, hasLogger: true },
      { jobId: 'maestro-test:fixed', aborted: false, hasLogger: true },
    ]);
    expect(logger.child).toHaveBeenCalledWith({ task: 'maestro-test:fixed' });
  });

  it('runs a ticking job only on the ticks its `due` accepts, asked with the runner clock', async () => {
    const { runner, scheduler, clock } = setup();
    const asked: number[] = [];
    let runs = 0;
    await runner.schedule({
      id: 'maestro-test:ticking',
      type: 'test',
      frequency: { seconds: 30 },
      timeout: { hours: 1 },
      due: async ({ now }) => {
        asked.push(now);
        return now >= T0 + 60_000;
      },
      run: async () => void (runs += 1),
    });
    await scheduler.triggerTask('maestro-test:ticking');
    clock.now = T0 + 30_000;
    await scheduler.triggerTask('maestro-test:ticking');
    expect(runs).toBe(0);
    clock.now = T0 + 60_000;
    await scheduler.triggerTask('maestro-test:ticking');
    expect(runs).toBe(1);
    expect(asked).toEqual([T0, T0 + 30_000, T0 + 60_000]);
    expect(runner.now()).toBe(T0 + 60_000);
  });

  it('lets a failing due check or run reach the scheduler (which logs it), and the next tick runs again', async () => {
    const { runner, scheduler } = setup();
    let fail = true;
    let runs = 0;
    await runner.schedule({
      id: 'maestro-test:flaky',
      type: 'test',
      frequency: { seconds: 30 },
      timeout: { hours: 1 },
      due: async () => {
        if (fail) throw new Error('status table unreachable');
        return true;
      },
      run: async () => void (runs += 1),
    });
    const failed = scheduler.waitForTask('maestro-test:flaky');
    await scheduler.triggerTask('maestro-test:flaky');
    await expect(failed).rejects.toThrow('status table unreachable');
    expect(runs).toBe(0);
    fail = false;
    await scheduler.triggerTask('maestro-test:flaky');
    expect(runs).toBe(1);
  });

  it('triggers a task without waiting, and swallows the refusal of a busy or unknown task', async () => {
    const { runner, scheduler } = setup();
    let release!: () => void;
    const started = jest.fn();
    await runner.schedule({
      id: 'maestro-test:now',
      type: 'test',
      frequency: { minutes: 1 },
      timeout: { minutes: 1 },
      run: () => {
        started();
        return new Promise<void>(resolve => (release = resolve));
      },
    });
    const finished = scheduler.waitForTask('maestro-test:now');
    runner.trigger('maestro-test:now');
    runner.trigger('maestro-test:unknown'); // the scheduler answers NotFound: dropped, no unhandled rejection
    await new Promise(resolve => setImmediate(resolve));
    expect(started).toHaveBeenCalledTimes(1);
    runner.trigger('maestro-test:now'); // busy: not started twice
    await new Promise(resolve => setImmediate(resolve));
    expect(started).toHaveBeenCalledTimes(1);
    release();
    await finished;
  });

  it('joins a run of the same key in this process instead of starting a second one', async () => {
    const { runner } = setup();
    let starts = 0;
    let release!: (value: string) => void;
    const start = () => {
      starts += 1;
      return new Promise<string>(resolve => (release = resolve));
    };
    const first = runner.join('conn/list', start);
    const second = runner.join('conn/list', start);
    const other = runner.join('conn/other', async () => 'other');
    expect(starts).toBe(1);
    release('done');
    await expect(Promise.all([first, second, other])).resolves.toEqual(['done', 'done', 'other']);
    // finished: the next call starts a new run, also after a failed one
    await expect(runner.join('conn/list', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(runner.join('conn/list', async () => 'again')).resolves.toBe('again');
  });

  it('stops a run between steps once its signal is aborted', () => {
    const controller = new AbortController();
    expect(() => throwIfAborted(controller.signal)).not.toThrow();
    expect(() => throwIfAborted(undefined)).not.toThrow();
    controller.abort();
    expect(() => throwIfAborted(controller.signal)).toThrow(JobAbortedError);
    expect(() => throwIfAborted(controller.signal)).toThrow('run aborted (task timeout or shutdown)');
  });
});
