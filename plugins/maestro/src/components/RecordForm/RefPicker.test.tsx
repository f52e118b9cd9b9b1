import { useState } from 'react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { maestroApiRef } from '../../api';
import { fakeMaestroApi, makeRecord } from '../../__testUtils__/maestroTestUtils';
import { RefPicker } from './RefPicker';

function ServerPicker() {
  const [value, setValue] = useState('');
  return <RefPicker id="server" label="server" kind="Server" value={value} onChange={setValue} />;
}

describe('RefPicker', () => {
  it('says why an offered record matched when its name does not show it (IP, provider id, tag)', async () => {
    const user = userEvent.setup({ delay: null });
    const servers = [
      makeRecord('Server', 'aws-1-eu-west-1-i-0abc', {
        hostname: 'ip-10-0-1-13',
        ipv4Private: '10.0.1.13',
        providerId: 'i-0abc',
      }),
      makeRecord('Server', 'web-10.0.1.13', { hostname: 'web' }),
      makeRecord('Server', 'billing', { hostname: 'billing', tags: { costCenter: '10.0.1.13-budget' } }),
    ];
    const api = fakeMaestroApi({ listRecords: jest.fn(async () => ({ items: servers, totalCount: 3 })) });
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, api]]}>
        <ServerPicker />
      </TestApiProvider>,
    );
    await user.type(screen.getByRole('combobox', { name: 'server' }), '10.0.1.13');
    const options = await within(await screen.findByRole('listbox')).findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      // why it matched, then the facts that tell it apart (its hostname; the IP is said already)
      'aws-1-eu-west-1-i-0abcserver:default/aws-1-eu-west-1-i-0abc · private IP 10.0.1.13 · ip-10-0-1-13',
      // the name shows the match: only its facts
      'web-10.0.1.13server:default/web-10.0.1.13 · web',
      'billingserver:default/billing · tag costCenter=10.0.1.13-budget',
    ]);
    expect(api.listRecords).toHaveBeenLastCalledWith(
      { kind: 'Server', q: '10.0.1.13', limit: 20 },
      expect.objectContaining({ signal: expect.anything() }),
    );
  });
});
