import { ApiBlueprint, createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  ALL_RELATION_PAIRS,
  ALL_RELATIONS,
  catalogGraphApiRef,
  DefaultCatalogGraphApi,
} from '@backstage/plugin-catalog-graph';
import { MAESTRO_RELATION_PAIRS } from '@maestro/plugin-maestro-common';

/**
 * Teaches the catalog graph (entity "Relations" card and graph page) Maestro's relation pairs, such as
 * `hostedIn`/`hosts`, which it otherwise leaves out. Install next to the catalog-graph plugin:
 * `createApp({ features: [maestroCatalogGraphModule] })`.
 * @public
 */
export const maestroCatalogGraphModule = createFrontendModule({
  pluginId: 'catalog-graph',
  extensions: [
    ApiBlueprint.make({
      params: defineParams =>
        defineParams({
          api: catalogGraphApiRef,
          deps: {},
          factory: () =>
            new DefaultCatalogGraphApi({
              knownRelations: [...ALL_RELATIONS, ...MAESTRO_RELATION_PAIRS.flat()],
              knownRelationPairs: [
                ...ALL_RELATION_PAIRS,
                ...MAESTRO_RELATION_PAIRS.map(([a, b]) => [a, b] as [string, string]),
              ],
              defaultRelationTypes: { exclude: [] },
            }),
        }),
    }),
  ],
});
