import { createApp } from '@backstage/frontend-defaults';
import { maestroCatalogGraphModule } from '@maestro/plugin-maestro';
import { navModule } from './modules/nav';

/**
 * The reference app. With `app.packages: all` in app-config.yaml, every frontend plugin listed in this package's
 * dependencies is discovered and installed: catalog, catalog graph, search, notifications, signals, scaffolder,
 * user settings, org, and Maestro (`@maestro/plugin-maestro`). The catalog-graph module adds Maestro's relation
 * pairs (hostedIn/hosts, …) to the entity Relations card and the graph page.
 */
export default createApp({
  features: [navModule, maestroCatalogGraphModule],
});
