import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { MaestroSearchResultListItem } from './MaestroSearchResultListItem';

const document = {
  title: 'aws-123456789012-eu-west-1-i-0abc',
  text: 'Server aws-123456789012-eu-west-1-i-0abc · private IP 10.0.1.13 · provider id i-0abc',
  location: '/catalog/default/server/aws-123456789012-eu-west-1-i-0abc/maestro',
  kind: 'Server',
  datacenter: 'demo-aws',
  environment: 'production',
  ip: '10.0.1.13',
};

describe('MaestroSearchResultListItem', () => {
  it('links the title to the entity page and shows kind, datacenter, environment and IP', async () => {
    await renderInTestApp(<MaestroSearchResultListItem result={document} />);
    expect(screen.getByRole('link', { name: document.title })).toHaveAttribute('href', document.location);
    expect(screen.getByText(/private IP 10\.0\.1\.13/)).toBeInTheDocument();
    for (const chip of ['Kind: Server', 'Datacenter: demo-aws', 'Environment: production', 'IP: 10.0.1.13']) {
      expect(screen.getByText(chip)).toBeInTheDocument();
    }
  });

  it('leaves out the chips of fields the record has not, and highlights matches', async () => {
    const withoutPlacement = { ...document, environment: '', datacenter: '' };
    await renderInTestApp(
      <MaestroSearchResultListItem
        result={withoutPlacement}
        highlight={{ preTag: '<em>', postTag: '</em>', fields: { text: 'private IP <em>10.0.1.13</em>' } }}
      />,
    );
    expect(screen.queryByText(/^Environment:/)).not.toBeInTheDocument();
    expect(screen.queryByText(/^Datacenter:/)).not.toBeInTheDocument();
    expect(screen.getByText('10.0.1.13', { selector: 'mark' })).toBeInTheDocument();
  });
});
