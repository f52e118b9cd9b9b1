import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ChangeEntry } from '@maestro/plugin-maestro-common';
import type { HistoryQuery, MaestroApi } from '../../api';
import { fakeMaestroApi, makeRecord, renderMaestroPage } from '../../__testUtils__/maestroTestUtils';
import { localInputToIso } from './HistoryPage';

const v1 = makeRecord('Server', 'web-01', { hostname: 'web-01', cpu: 2 });
const v2 = { ...v1, version: 2, spec: { hostname: 'web-01', cpu: 4 } };

/** `count` changes with seqs from `top` down. */
function changes(top: number, count: number): ChangeEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    seq: top - i,
    recordId: v1.id,
    kind: 'Server',
    name: `srv-${top - i}`,
    action: 'update' as const,
    actor: 'user:default/bob',
    at: '2026-02-01T10:00:00.000Z',
    before: v1,
    after: v2,
  }));
}

const lastQuery = (api: jest.Mocked<MaestroApi>): HistoryQuery =>
  api.searchHistory.mock.calls[api.searchHistory.mock.calls.length - 1][0];

describe('HistoryPage', () => {
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('shows who changed what, when, with the field-level changes and a link to the record', async () => {
    const api = fakeMaestroApi({
      searchHistory: jest.fn(async () => ({
        items: [
          { ...changes(2, 1)[0], name: 'web-01', reason: 'resize' },
          {
            seq: 1,
            recordId: v1.id,
            kind: 'Server',
            name: 'web-01',
            action: 'create',
            actor: 'user:default/alice',
            at: v1.createdAt,
            after: v1,
          },
        ] as ChangeEntry[],
      })),
    });
    await renderMaestroPage(api, '/maestro/history');
    expect(await screen.findByText('resize')).toBeInTheDocument();
    expect(api.searchHistory).toHaveBeenCalledWith({ limit: 50 });
    expect(screen.getByText('spec.cpu')).toBeInTheDocument();
    expect(screen.getByText(/: 2 → 4/)).toBeInTheDocument();
    expect(screen.getByText('user:default/bob')).toBeInTheDocument();
    expect(screen.getByText('created')).toBeInTheDocument();
    expect(screen.getAllByText('web-01')[0].closest('a')).toHaveAttribute('href', '/catalog/default/server/web-01');
    // fewer than a page: nothing more to load
    expect(screen.getByRole('button', { name: 'Load more' })).toBeDisabled();
  });

  it('sends the filters: kind, actor, action and the time range', async () => {
    const api = fakeMaestroApi();
    await renderMaestroPage(api, '/maestro/history');
    await waitFor(() => expect(api.searchHistory).toHaveBeenCalledTimes(1));

    await user.selectOptions(screen.getByLabelText('Kind'), 'Server');
    await waitFor(() => expect(lastQuery(api)).toEqual({ kind: 'Server', limit: 50 }));
    await user.selectOptions(screen.getByLabelText('Action'), 'delete');
    await user.type(screen.getByLabelText('Who'), 'user:default/bob');
    await waitFor(() => expect(lastQuery(api)).toMatchObject({ actor: 'user:default/bob' }));
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-01-01T08:00' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-01-31T18:30' } });
    await waitFor(() =>
      expect(lastQuery(api)).toEqual({
        kind: 'Server',
        action: 'delete',
        actor: 'user:default/bob',
        from: new Date('2026-01-01T08:00').toISOString(),
        to: new Date('2026-01-31T18:30').toISOString(),
        limit: 50,
      }),
    );
    // one request per change of the actor, not per keystroke
    expect(api.searchHistory.mock.calls.filter(([q]) => q.actor && q.actor !== 'user:default/bob')).toEqual([]);
  });

  it('loads older changes with before = the last seq shown, keeping the filters', async () => {
    const api = fakeMaestroApi({
      searchHistory: jest.fn(async (q: HistoryQuery) => ({
        items: q.before ? changes(q.before - 1, 10) : changes(200, 50),
      })),
    });
    await renderMaestroPage(api, '/maestro/history');
    await screen.findByText('srv-200');
    await user.selectOptions(screen.getByLabelText('Action'), 'update');
    await waitFor(() => expect(lastQuery(api)).toEqual({ action: 'update', limit: 50 }));
    await screen.findByText('srv-151');

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(lastQuery(api)).toEqual({ action: 'update', before: 151, limit: 50 }));
    expect(await screen.findByText('srv-141')).toBeInTheDocument();
    // both pages are shown, in order
    expect(screen.getByText('srv-200')).toBeInTheDocument();
    const table = screen.getByText('srv-200').closest('table')!;
    expect(within(table).getAllByText(/^srv-/)).toHaveLength(60);
    // the last page was short: that is all
    expect(screen.getByRole('button', { name: 'Load more' })).toBeDisabled();
    expect(screen.getByText('That is every change matching the filters.')).toBeInTheDocument();
  });

  it('shows an error of the API', async () => {
    const api = fakeMaestroApi({ searchHistory: jest.fn().mockRejectedValue(new Error('history exploded')) });
    await renderMaestroPage(api, '/maestro/history');
    expect(await screen.findByText('Error: history exploded')).toBeInTheDocument();
  });
});

describe('localInputToIso', () => {
  it('reads a datetime-local value as local time', () => {
    expect(localInputToIso('')).toBeUndefined();
    expect(localInputToIso('2026-03-04T05:06')).toBe(new Date(2026, 2, 4, 5, 6).toISOString());
  });
});
