import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { maestroApiRef } from '../../api';
import { fakeMaestroApi, makeRecord, responseError } from '../../__testUtils__/maestroTestUtils';
import { ManageDependencies } from './ManageDependencies';

const web = makeRecord(
  'Component',
  'web',
  { type: 'service', lifecycle: 'production', dependencies: [{ ref: 'component:default/api', protocol: 'rest' }] },
  { version: 5 },
);

describe('ManageDependencies', () => {
  it('edits the dependencies as rows and commits them with a reason; a 400 shows under its row', async () => {
    const user = userEvent.setup({ delay: null });
    const maestro = fakeMaestroApi();
    maestro.commitDependencies
      .mockRejectedValueOnce(responseError(400, 'changes[0].dependencies[1].ref: no active application ghost'))
      .mockResolvedValueOnce({ records: [{ id: web.id, version: 6 }] });
    const onCommitted = jest.fn();
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, maestro]]}>
        <ManageDependencies record={web} onCommitted={onCommitted} />
      </TestApiProvider>,
    );
    expect(screen.getByRole('combobox', { name: /Target application/ })).toHaveValue('component:default/api');
    expect(screen.getByRole('button', { name: 'Commit' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Add a dependency' }));
    const targets = screen.getAllByRole('combobox', { name: /Target application/ });
    await user.type(targets[1], 'ghost');
    await user.type(screen.getByRole('textbox', { name: /Reason/ }), 'web calls ghost');
    await user.click(screen.getByRole('button', { name: 'Commit' }));
    expect(maestro.commitDependencies).toHaveBeenCalledWith({
      reason: 'web calls ghost',
      changes: [
        {
          id: web.id,
          version: 5,
          dependencies: [{ ref: 'component:default/api', protocol: 'rest' }, { ref: 'ghost' }],
        },
      ],
    });
    expect(await screen.findByText('no active application ghost')).toBeInTheDocument();
    expect(onCommitted).not.toHaveBeenCalled();
    // removing the row that failed, then committing again
    await user.click(screen.getByRole('button', { name: 'Remove the dependency on ghost' }));
    await user.click(screen.getByRole('button', { name: 'Remove the dependency on component:default/api' }));
    await user.click(screen.getByRole('button', { name: 'Commit' }));
    await waitFor(() => expect(onCommitted).toHaveBeenCalled());
    expect(maestro.commitDependencies).toHaveBeenLastCalledWith({
      reason: 'web calls ghost',
      changes: [{ id: web.id, version: 5, dependencies: [] }],
    });
  });

  it('shows a 409 with a reload', async () => {
    const user = userEvent.setup({ delay: null });
    const maestro = fakeMaestroApi();
    maestro.commitDependencies.mockRejectedValue(
      responseError(409, 'version: 1 record(s) changed since you read them'),
    );
    const onCommitted = jest.fn();
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, maestro]]}>
        <ManageDependencies record={web} onCommitted={onCommitted} />
      </TestApiProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'Remove the dependency on component:default/api' }));
    await user.type(screen.getByRole('textbox', { name: /Reason/ }), 'drop api');
    await user.click(screen.getByRole('button', { name: 'Commit' }));
    expect(await screen.findByText(/This record changed since it was loaded/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Reload' }));
    expect(onCommitted).toHaveBeenCalled();
  });
});
