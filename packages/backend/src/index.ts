/*
 * The Maestro for Backstage reference backend: a standard Backstage backend plus the Maestro plugin and its
 * catalog module. An existing Backstage backend adds Maestro with the two `@maestro/...` lines below.
 */
import { createBackend } from '@backstage/backend-defaults';
import { rootConfigWithChecks } from './config/rootConfigWithChecks';
import { permissionModuleMaestroPolicy } from './permissions/module';
import { maestroDemoCloudModule } from './demo/demoCloudModule';

const backend = createBackend();

// standard config loading, plus a check that names missing keys (e.g. unset POSTGRES_* variables) at start-up
backend.add(rootConfigWithChecks);

backend.add(import('@backstage/plugin-app-backend'));

// auth: guest sign-in for local use, when app-config.development.yaml configures it (auth.providers.guest)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permissions, with the portal's own policy (not allow-all)
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(permissionModuleMaestroPolicy);

// search, with the catalog collator and Maestro's (hostnames, IPs, provider ids, tags; PostgreSQL engine when the
// database is PostgreSQL, Lunr otherwise)
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@maestro/plugin-search-backend-module-maestro'));

// software templates
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-notifications'));

// actions for AI assistants over MCP (Streamable HTTP at /api/mcp-actions/v1): the actions of the plugins listed in
// backend.actions.pluginSources (app-config.yaml: Maestro's), each checked against the caller's permissions
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// notifications, signals, user settings
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-user-settings-backend'));

// Maestro for Backstage
backend.add(import('@maestro/plugin-maestro-backend'));
backend.add(import('@maestro/plugin-catalog-backend-module-maestro'));
// template actions: maestro:record:create, maestro:link, maestro:record:get
backend.add(import('@maestro/plugin-scaffolder-backend-module-maestro'));
// the simulated AWS account and OpenStack project of the demo (maestro.demo.aws.enabled, maestro.demo.openstack.enabled)
backend.add(maestroDemoCloudModule);

backend.start();
