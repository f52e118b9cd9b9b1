import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { MaestroActionsOptions } from './actionSupport';
import { registerGraphActions } from './graphActions';
import { registerHistoryActions } from './historyActions';
import { registerInventoryActions } from './inventoryActions';
import { registerReportActions } from './reportActions';

export type { MaestroActionsOptions } from './actionSupport';

/**
 * Registers Maestro's actions with the actions registry (served to AI assistants over MCP by
 * `@backstage/plugin-mcp-actions-backend`): all read-only, each checking the caller's permissions as the matching
 * REST route does, through the same stores. Ids `maestro:<name>`.
 */
export function registerMaestroActions(registry: ActionsRegistryService, options: MaestroActionsOptions): void {
  for (const group of [registerInventoryActions, registerHistoryActions, registerGraphActions, registerReportActions]) {
    group(registry, options);
  }
}
