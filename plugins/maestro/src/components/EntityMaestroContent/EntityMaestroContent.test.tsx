import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { ChangeEntry, InventoryRecord } from '@maestro/plugin-maestro-common';
import { MaestroApi, maestroApiRef, RecordActivationOptions } from '../../api';
import { changedFields, EntityMaestroContent } from './EntityMaestroContent';
import { fakeMaestroApi, makeRecord } from '../../__testUtils__/maestroTestUtils';

const v1: InventoryRecord = makeRecord(
  'Server',
  'web-01',
  { hostname: 'web-01', cpu: 2 },
  {
    id: 'r1',
    owner: 'group:default/platform',
    createdBy: 'user:default/alice',
    updatedBy: 'user:default/alice',
  },
);
const v2: InventoryRecord = { ...v1, version: 2, spec: { hostname: 'web-01', cpu: 4 }, updatedBy: 'user:default/bob' };
const history: ChangeEntry[] = [
  {
    seq: 2,
    recordId: 'r1',
    kind: 'Server',
    name: 'web-01',
    action: 'update',
    actor: 'user:default/bob',
    at: v2.updatedAt,
    reason: 'resize',
    before: v1,
    after: v2,
  },
  {
    seq: 1,
    recordId: 'r1',
    kind: 'Server',
    name: 'web-01',
    action: 'create',
    actor: 'user:default/alice',
    at: v1.createdAt,
    after: v1,
  },
];

const entity = {
  apiVersion: 'maestro.backstage.io/v1alpha1',
  kind: 'Server',
  metadata: { name: 'web-01', annotations: { 'maestro.backstage.io/record-id': 'r1' } },
  spec: { hostname: 'web-01', owner: 'group:default/platform' },
};

/** A fake backend holding one record: writes change it, reads return its current state. */
function statefulApi(initial: InventoryRecord) {
  let current = initial;
  const api: jest.Mocked<MaestroApi> = fakeMaestroApi({
    getRecord: jest.fn(async (_id: string) => current),
    getHistory: jest.fn(async (_id: string, _options?: { limit?: number }) => ({ items: history })),
    updateRecord: jest.fn(async (_id, req) => {
      current = { ...current, ...req, spec: req.spec ?? current.spec, version: current.version + 1 };
      return current;
    }),
    deleteRecord: jest.fn(async (_id: string, _options: RecordActivationOptions) => {
      current = { ...current, active: false, version: current.version + 1 };
      return current;
    }),
    restoreRecord: jest.fn(async (_id: string, _options: RecordActivationOptions) => {
      current = { ...current, active: true, version: current.version + 1 };
      return current;
    }),
    revertRecord: jest.fn(async (_id: string, options: { seq: number; version: number; reason?: string }) => {
      const target = history.find(c => c.seq === options.seq)!.after!;
      current = { ...current, spec: target.spec, version: current.version + 1 };
      return current;
    }),
  });
  return api;
}

function renderContent(api: MaestroApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[maestroApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityMaestroContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityMaestroContent', () => {
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    // no delay between keystrokes: typing into Material UI fields is slow enough
    user = userEvent.setup({ delay: null });
  });

  it('shows the record and its history with who changed which field', async () => {
    const api: jest.Mocked<MaestroApi> = fakeMaestroApi({
      getRecord: jest.fn(async (_id: string) => v2),
      getHistory: jest.fn(async (_id: string, _options?: { limit?: number }) => ({ items: history })),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, api]]}>
        <EntityProvider entity={entity}>
          <EntityMaestroContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('History')).toBeInTheDocument();
    expect(api.getRecord).toHaveBeenCalledWith('r1');
    expect(screen.getByText('spec.cpu')).toBeInTheDocument();
    // field-level before → after
    expect(screen.getByText(/: 2 → 4/)).toBeInTheDocument();
    expect(screen.getByText('user:default/bob')).toBeInTheDocument();
    expect(screen.getByText('resize')).toBeInTheDocument();
    expect(screen.getByText('created')).toBeInTheDocument();
  });

  it('deletes the record with its version and the reason, then reloads it', async () => {
    const api = statefulApi(v2);
    await renderContent(api);

    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Delete Server web-01?');
    await user.type(within(dialog).getByLabelText('Reason'), 'decommissioned');
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));

    await waitFor(() => expect(api.deleteRecord).toHaveBeenCalledWith('r1', { version: 2, reason: 'decommissioned' }));
    // the record and its history are loaded again: now inactive, it offers Restore instead of Delete
    expect(await screen.findByRole('button', { name: 'Restore' })).toBeInTheDocument();
    expect(api.getRecord).toHaveBeenCalledTimes(2);
    expect(api.getHistory).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();
    expect(screen.getByText('inactive')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('restores an inactive record with its version, then reloads it', async () => {
    const api = statefulApi({ ...v2, active: false, version: 3 });
    await renderContent(api);

    await user.click(await screen.findByRole('button', { name: 'Restore' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Restore' }));

    await waitFor(() => expect(api.restoreRecord).toHaveBeenCalledWith('r1', { version: 3, reason: undefined }));
    expect(await screen.findByRole('button', { name: 'Delete' })).toBeInTheDocument();
    expect(api.getRecord).toHaveBeenCalledTimes(2);
  });

  it('shows a stale version (409) in an alert and keeps the dialog open', async () => {
    const api = statefulApi(v2);
    const e: any = new Error('Request failed with 409 Conflict');
    e.name = 'ResponseError';
    e.body = {
      error: {
        name: 'ConflictError',
        message: 'version: record r1 is at version 3, not 2; reload it and apply your change again',
      },
      response: { statusCode: 409 },
    };
    e.response = { status: 409 };
    api.deleteRecord.mockRejectedValue(e);
    await renderContent(api);

    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(/reload/);
    expect(alert).toHaveTextContent('version: record r1 is at version 3, not 2');
    expect(within(dialog).getByRole('button', { name: 'Delete' })).toBeEnabled();
    expect(api.getRecord).toHaveBeenCalledTimes(1);
  });

  it('edits the record through the form, sending the version read, then reloads it', async () => {
    const api = statefulApi(v2);
    await renderContent(api);

    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText(/^Name/)).toHaveValue('web-01');
    const cpu = within(dialog).getByLabelText(/^cpu/);
    expect(cpu).toHaveValue(4);
    await user.clear(cpu);
    await user.type(cpu, '16');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    await waitFor(() =>
      expect(api.updateRecord).toHaveBeenCalledWith('r1', {
        version: 2,
        owner: 'group:default/platform',
        spec: { hostname: 'web-01', cpu: 16 },
      }),
    );
    await waitFor(() => expect(api.getRecord).toHaveBeenCalledTimes(2));
    expect(await screen.findByText('16')).toBeInTheDocument();
  });

  it('explains when the entity is not managed by Maestro', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, {} as MaestroApi]]}>
        <EntityProvider entity={{ ...entity, metadata: { name: 'x' } }}>
          <EntityMaestroContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(screen.getByText(/not managed by Maestro/)).toBeInTheDocument();
  });
});

describe('EntityMaestroContent revert', () => {
  it('reverts to the version of an earlier history entry, sending its seq and the current version', async () => {
    const api = statefulApi(v2);
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, api]]}>
        <EntityProvider entity={entity}>
          <EntityMaestroContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    // the latest entry produced the current version: only the older one offers a revert
    const buttons = await screen.findAllByRole('button', { name: 'Revert to this' });
    expect(buttons).toHaveLength(1);
    await userEvent.click(buttons[0]);
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/go back to version 1/)).toBeInTheDocument();
    await userEvent.type(within(dialog).getByLabelText('Reason'), 'bad resize');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Revert' }));
    await waitFor(() =>
      expect(api.revertRecord).toHaveBeenCalledWith('r1', { seq: 1, version: 2, reason: 'bad resize' }),
    );
    // reloaded after the revert
    await waitFor(() => expect(api.getRecord).toHaveBeenCalledTimes(2));
  });
});

describe('changedFields', () => {
  it('names changed top-level and spec fields', () => {
    expect(changedFields(history[0])).toEqual(['spec.cpu']);
    expect(changedFields({ ...history[0], after: { ...v2, active: false, owner: 'group:default/x' } })).toEqual([
      'active',
      'owner',
      'spec.cpu',
    ]);
  });
});
