import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef as legacyDiscoveryApiRef,
  fetchApiRef as legacyFetchApiRef,
} from '@backstage/core-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { createSearchResultListItemExtension } from '@backstage/plugin-search-react';
import { SearchFilterResultTypeBlueprint, SearchResultListItemBlueprint } from '@backstage/plugin-search-react/alpha';
import type { Entity } from '@backstage/catalog-model';
import { ANNOTATION_MAESTRO_RECORD_ID, MAESTRO_API_VERSION } from '@maestro/plugin-maestro-common';
import StorageIcon from '@material-ui/icons/Storage';
import {
  graphsApiRef,
  GraphsClient,
  jobsApiRef,
  JobsClient,
  maestroApiRef,
  MaestroClient,
  subscriptionsApiRef,
  SubscriptionsClient,
} from './api';
import { MaestroRecordPicker, validateMaestroRecordPicker } from './components/MaestroRecordPicker';
import { rootRouteRef } from './routes';
import { ENTITY_TAB_PATHS, MAESTRO_PAGE_PATH } from './shared/paths';

/**
 * True for the entities Maestro projects into the catalog: its custom kinds, and the Components, Systems and
 * Resources held in the Maestro store.
 * @public
 */
export const isMaestroEntity = (entity: Entity) =>
  entity.apiVersion === MAESTRO_API_VERSION || !!entity.metadata.annotations?.[ANNOTATION_MAESTRO_RECORD_ID];

const maestroApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: maestroApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new MaestroClient({ discoveryApi, fetchApi }),
    }),
});

const graphsApi = ApiBlueprint.make({
  name: 'graphs',
  params: defineParams =>
    defineParams({
      api: graphsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new GraphsClient({ discoveryApi, fetchApi }),
    }),
});

const jobsApi = ApiBlueprint.make({
  name: 'jobs',
  params: defineParams =>
    defineParams({
      api: jobsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new JobsClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * True for the entities with a Dependencies tab: Components, Systems and Servers.
 * @public
 */
export const hasDependencyGraph = (entity: Entity) =>
  ['component', 'system', 'server'].includes(entity.kind.toLocaleLowerCase('en-US'));

const subscriptionsApi = ApiBlueprint.make({
  name: 'subscriptions',
  params: defineParams =>
    defineParams({
      api: subscriptionsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new SubscriptionsClient({ discoveryApi, fetchApi }),
    }),
});

const maestroPage = PageBlueprint.make({
  params: {
    path: MAESTRO_PAGE_PATH,
    routeRef: rootRouteRef,
    loader: () => import('./components/MaestroPage').then(m => <m.MaestroPage />),
  },
});

const maestroEntityContent = EntityContentBlueprint.make({
  name: 'inventory',
  params: {
    path: ENTITY_TAB_PATHS.maestro,
    title: 'Maestro',
    filter: isMaestroEntity,
    loader: () => import('./components/EntityMaestroContent').then(m => <m.EntityMaestroContent />),
  },
});

const maestroEntityDetails = EntityContentBlueprint.make({
  name: 'details',
  params: {
    path: ENTITY_TAB_PATHS.details,
    title: 'Details',
    filter: isMaestroEntity,
    loader: () => import('./components/EntityDetailsContent').then(m => <m.EntityDetailsContent />),
  },
});

const dependenciesEntityContent = EntityContentBlueprint.make({
  name: 'dependencies',
  params: {
    path: ENTITY_TAB_PATHS.dependencies,
    title: 'Dependencies',
    filter: hasDependencyGraph,
    loader: () => import('./components/EntityDependenciesContent').then(m => <m.EntityDependenciesContent />),
  },
});

/** The Maestro record picker for software templates (`ui:field: MaestroRecordPicker`), given to the scaffolder. */
const maestroRecordPickerField = FormFieldBlueprint.make({
  name: 'maestro-record-picker',
  params: {
    field: () => import('./components/MaestroRecordPicker/formField').then(m => m.maestroRecordPickerFormField),
  },
});

/** The search page's result for documents of the Maestro collator (`@maestro/plugin-search-backend-module-maestro`). */
const maestroSearchResultListItem = SearchResultListItemBlueprint.make({
  name: 'maestro',
  params: {
    icon: <StorageIcon />,
    predicate: result => result.type === 'maestro',
    component: () => import('./components/MaestroSearchResultListItem').then(m => m.MaestroSearchResultListItem),
  },
});

/** The search page's "Infrastructure" result type (documents of type `maestro`). */
const maestroSearchResultType = SearchFilterResultTypeBlueprint.make({
  name: 'maestro',
  params: { value: 'maestro', name: 'Infrastructure', icon: <StorageIcon /> },
});

/**
 * Maestro for Backstage, for apps on the new frontend system (`createApp` from `@backstage/frontend-defaults`):
 * the Maestro page at /maestro (with its sidebar entry), the Maestro tab on Maestro entities, the API client, and
 * the Maestro record picker field of software templates.
 * @public
 */
export const maestroPlugin = createFrontendPlugin({
  pluginId: 'maestro',
  title: 'Maestro',
  icon: <StorageIcon />,
  routes: { root: rootRouteRef },
  extensions: [
    maestroApi,
    graphsApi,
    jobsApi,
    subscriptionsApi,
    maestroPage,
    maestroEntityDetails,
    maestroEntityContent,
    dependenciesEntityContent,
    maestroRecordPickerField,
    maestroSearchResultListItem,
    maestroSearchResultType,
  ],
});

/**
 * Maestro for apps on the legacy frontend system (`createApp` from `@backstage/app-defaults`).
 * @public
 */
export const legacyMaestroPlugin = createPlugin({
  id: 'maestro',
  routes: { root: rootRouteRef },
  apis: [
    createApiFactory({
      api: maestroApiRef,
      deps: { discoveryApi: legacyDiscoveryApiRef, fetchApi: legacyFetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new MaestroClient({ discoveryApi, fetchApi }),
    }),
    createApiFactory({
      api: graphsApiRef,
      deps: { discoveryApi: legacyDiscoveryApiRef, fetchApi: legacyFetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new GraphsClient({ discoveryApi, fetchApi }),
    }),
    createApiFactory({
      api: jobsApiRef,
      deps: { discoveryApi: legacyDiscoveryApiRef, fetchApi: legacyFetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new JobsClient({ discoveryApi, fetchApi }),
    }),
    createApiFactory({
      api: subscriptionsApiRef,
      deps: { discoveryApi: legacyDiscoveryApiRef, fetchApi: legacyFetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new SubscriptionsClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/** Legacy: the Maestro page, to mount in your app's routes. @public */
export const MaestroPage = legacyMaestroPlugin.provide(
  createRoutableExtension({
    name: 'MaestroPage',
    component: () => import('./components/MaestroPage').then(m => m.MaestroPage),
    mountPoint: rootRouteRef,
  }),
);

/** Legacy: the Maestro entity tab content, for Maestro kinds' entity pages. @public */
export const EntityMaestroContent = legacyMaestroPlugin.provide(
  createComponentExtension({
    name: 'EntityMaestroContent',
    component: {
      lazy: () => import('./components/EntityMaestroContent').then(m => m.EntityMaestroContent),
    },
  }),
);

/** Legacy: the Maestro details tab content (the seed's sections, with links to related entities). @public */
export const EntityMaestroDetailsContent = legacyMaestroPlugin.provide(
  createComponentExtension({
    name: 'EntityMaestroDetailsContent',
    component: {
      lazy: () => import('./components/EntityDetailsContent').then(m => m.EntityDetailsContent),
    },
  }),
);

/**
 * Legacy: the Dependencies tab content (the graph around the entity), for Component, System and Server pages.
 * @public
 */
export const EntityDependenciesContent = legacyMaestroPlugin.provide(
  createComponentExtension({
    name: 'EntityDependenciesContent',
    component: {
      lazy: () => import('./components/EntityDependenciesContent').then(m => m.EntityDependenciesContent),
    },
  }),
);

/**
 * Legacy: the Maestro record picker for software templates, to put inside `<ScaffolderFieldExtensions>` of the
 * scaffolder route (`ui:field: MaestroRecordPicker`).
 * @public
 */
export const MaestroRecordPickerFieldExtension = legacyMaestroPlugin.provide(
  createScaffolderFieldExtension({
    name: 'MaestroRecordPicker',
    component: MaestroRecordPicker,
    validation: validateMaestroRecordPicker,
  }),
);

/**
 * The search result of a Maestro inventory record (documents of type `maestro`), for the search page of apps on the
 * legacy frontend system: put it in the `SearchResult` list beside the catalog's result item.
 * @public
 */
export const MaestroSearchResultListItem = legacyMaestroPlugin.provide(
  createSearchResultListItemExtension({
    name: 'MaestroSearchResultListItem',
    component: () => import('./components/MaestroSearchResultListItem').then(m => m.MaestroSearchResultListItem),
    predicate: result => result.type === 'maestro',
  }),
);
