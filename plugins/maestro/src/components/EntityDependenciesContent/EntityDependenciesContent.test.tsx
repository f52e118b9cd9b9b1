import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import { graphsApiRef } from '../../api/GraphsApi';
import { fakeGraphsApi, stubReactFlowBrowser } from '../../__testUtils__/graphFixtures';
import { EntityDependenciesContent } from './EntityDependenciesContent';

beforeAll(stubReactFlowBrowser);

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'API', namespace: 'default' },
  spec: {},
};

describe('EntityDependenciesContent', () => {
  it('draws the neighbourhood of the entity (two hops) and its impact computed from the drawing', async () => {
    const api = fakeGraphsApi();
    await renderInTestApp(
      <TestApiProvider apis={[[graphsApiRef, api]]}>
        <EntityProvider entity={entity}>
          <EntityDependenciesContent />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(api.getNeighbourhood).toHaveBeenCalledWith('component:default/api', { depth: 2 });
    await waitFor(() => expect(document.querySelectorAll('[data-testid="graph-node"]')).toHaveLength(9));
    const apiNode = document.querySelector('[data-key="component:default/api"]')!;
    fireEvent.click(within(apiNode as HTMLElement).getByText('Component'));
    const panel = await screen.findByRole('complementary', { name: 'Impact analysis' });
    expect(within(panel).getByRole('region', { name: 'Affected if it fails (upstream)' })).toHaveTextContent(
      'Web shop',
    );
    expect(within(panel).getByRole('region', { name: 'What it needs (downstream)' })).toHaveTextContent('db');
    expect(api.getNodeImpact).not.toHaveBeenCalled();
    await waitFor(() =>
      expect(document.querySelector('[data-key="resource:default/db"]')).toHaveAttribute('data-tone', 'downstream'),
    );
    expect(document.querySelector('[data-key="client:default/acme"]')).toHaveAttribute('data-tone', 'upstream');
  });
});
