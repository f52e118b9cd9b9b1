import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { ConfigSources } from '@backstage/config-loader';
import { checkStartupConfig } from './checkStartupConfig';

/**
 * The standard root config service (app-config files from --config, APP_CONFIG_* variables), plus
 * {@link checkStartupConfig}: the backend refuses to start, naming the missing keys, before any plugin connects.
 */
export const rootConfigWithChecks = createServiceFactory({
  service: coreServices.rootConfig,
  deps: {},
  async factory() {
    const source = ConfigSources.default({ argv: process.argv });
    const config = await ConfigSources.toConfig(source);
    checkStartupConfig(config);
    return config;
  },
});
