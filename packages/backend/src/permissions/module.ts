import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { MaestroPermissionPolicy } from './MaestroPermissionPolicy';

/** Installs {@link MaestroPermissionPolicy} as the permission backend's policy. */
export const permissionModuleMaestroPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'maestro-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(MaestroPermissionPolicy.fromConfig(config));
      },
    });
  },
});
