import { mockServices } from '@backstage/backend-test-utils';
import { JobNotices } from './JobNotices';

function setup(options: { failSignals?: boolean; failNotifications?: boolean } = {}) {
  const signals = {
    publish: jest.fn(async (_signal: any) => {
      if (options.failSignals) throw new Error('signals backend down');
    }),
  };
  const notifications = {
    send: jest.fn(async (_notification: any) => {
      if (options.failNotifications) throw new Error('notifications backend down');
    }),
  };
  const logger = mockServices.logger.mock();
  const notices = new JobNotices({
    signals: signals as any,
    notifications: notifications as any,
    logger,
    channel: 'maestro:test',
    recipients: ['group:default/job-readers', 'user:default/alice'],
  });
  return { signals, notifications, logger, notices };
}

const payloads = {
  failing: () => ({ title: 'failing', severity: 'high' as const }),
  recovered: () => ({ title: 'recovered', severity: 'normal' as const }),
};

describe('JobNotices', () => {
  it("signals a job's owner (normalised) and the configured recipients on the job type's channel, never everyone", async () => {
    const { notices, signals } = setup();
    expect(notices.recipientsOf('Group:Default/Platform')).toEqual([
      'group:default/platform',
      'group:default/job-readers',
      'user:default/alice',
    ]);
    expect(notices.recipientsOf('user:default/alice')).toEqual(['user:default/alice', 'group:default/job-readers']);
    expect(notices.recipientsOf('::not a ref::')).toEqual([
      '::not a ref::',
      'group:default/job-readers',
      'user:default/alice',
    ]);
    notices.publish('platform', { jobId: 'a', status: 'running' });
    expect(signals.publish).toHaveBeenCalledWith({
      recipients: {
        type: 'user',
        entityRef: ['group:default/platform', 'group:default/job-readers', 'user:default/alice'],
      },
      channel: 'maestro:test',
      message: { jobId: 'a', status: 'running' },
    });
  });

  it('never fails a run: a signal that cannot be published is dropped', async () => {
    const { notices, signals } = setup({ failSignals: true });
    expect(() => notices.publish('group:default/platform', { status: 'running' })).not.toThrow();
    await new Promise(resolve => setImmediate(resolve));
    expect(signals.publish).toHaveBeenCalledTimes(1);
  });

  it('notifies the owner on transitions only: starts failing, recovers', async () => {
    const { notices, notifications } = setup();
    await notices.transition('group:default/platform', { failing: false, wasFailing: false }, payloads, 'job a');
    await notices.transition('group:default/platform', { failing: true, wasFailing: true }, payloads, 'job a');
    expect(notifications.send).not.toHaveBeenCalled();
    await notices.transition('group:default/platform', { failing: true, wasFailing: false }, payloads, 'job a');
    await notices.transition('group:default/platform', { failing: false, wasFailing: true }, payloads, 'job a');
    expect(notifications.send.mock.calls.map(([n]) => [n.recipients, n.payload.title])).toEqual([
      [{ type: 'entity', entityRef: 'group:default/platform' }, 'failing'],
      [{ type: 'entity', entityRef: 'group:default/platform' }, 'recovered'],
    ]);
  });

  it('logs a notification that cannot be sent, naming the owner and the job, and goes on', async () => {
    const { notices, logger } = setup({ failNotifications: true });
    await expect(notices.send('group:default/platform', { title: 't' }, 'conn/list')).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not notify group:default/platform about conn/list: notifications backend down',
    );
  });

  it('sends nothing without the services (a backend without signals or notifications)', async () => {
    const logger = mockServices.logger.mock();
    const notices = new JobNotices({ logger, channel: 'maestro:test', recipients: [] });
    notices.publish('group:default/platform', { status: 'running' });
    await notices.transition('group:default/platform', { failing: true, wasFailing: false }, payloads, 'job a');
    expect(logger.warn).not.toHaveBeenCalled();
  });
});
