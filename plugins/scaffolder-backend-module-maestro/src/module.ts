import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createMaestroRecordCreateAction } from './actions/createRecordAction';
import { createMaestroRecordGetAction } from './actions/getRecordAction';
import { createMaestroLinkAction } from './actions/linkAction';
import { MaestroInventoryClient } from './MaestroInventoryClient';

/**
 * The scaffolder module `scaffolder.maestro`: registers `maestro:record:create`, `maestro:link` and
 * `maestro:record:get`, which call the `maestro` plugin's REST API on behalf of the user running the template.
 * @public
 */
export const scaffolderModuleMaestro = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'maestro',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      async init({ scaffolder, auth, discovery }) {
        const client = MaestroInventoryClient.create({ auth, discovery });
        scaffolder.addActions(
          createMaestroRecordCreateAction({ client }),
          createMaestroLinkAction({ client }),
          createMaestroRecordGetAction({ client }),
        );
      },
    });
  },
});
