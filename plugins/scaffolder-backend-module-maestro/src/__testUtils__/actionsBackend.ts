import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { scaffolderActionsExtensionPoint, TemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject, JsonValue } from '@backstage/types';
import maestroPlugin from '@maestro/plugin-maestro-backend';
import type { Knex } from 'knex';
import request from 'supertest';
import { scaffolderModuleMaestro } from '../module';

/** The user the policy lets read but not create or update Maestro records. */
export const READER = 'user:default/bob';
export const EDITOR = 'user:default/alice';
export const TEMPLATE = 'template:default/new-service';

/** The portal's policy in these tests: everyone reads; only the editor creates and updates. */
const policyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'test-maestro-editors',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle(req, user) {
            const writes = /^maestro\.inventory\.(create|update)$/.test(req.permission.name);
            const principal = user?.credentials.principal as { userEntityRef?: string } | undefined;
            const allowed = !writes || principal?.userEntityRef === EDITOR;
            return { result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
          },
        });
      },
    });
  },
});

/**
 * A test backend with the real Maestro plugin (on `knex`), the real permission backend and policy, and this
 * module, whose actions are taken from the scaffolder's extension point as the scaffolder would take them.
 */
export async function startActionsBackend(knex: Knex) {
  const actions: TemplateAction<any, any, any>[] = [];
  const { server } = await startTestBackend({
    extensionPoints: [[scaffolderActionsExtensionPoint, { addActions: (...added) => actions.push(...added) }]],
    features: [
      maestroPlugin,
      permissionPlugin,
      policyModule,
      scaffolderModuleMaestro,
      mockServices.database.factory({ knex, migrations: { skip: false } }),
      mockServices.rootConfig.factory({ data: { permission: { enabled: true } } }),
    ],
  });
  const action = (id: string) => {
    const found = actions.find(a => a.id === id);
    if (!found) throw new Error(`no action ${id}`);
    return found;
  };
  const api = {
    post: (path: string, body: object) =>
      request(server).post(`/api/maestro${path}`).set('Authorization', mockCredentials.user.header(EDITOR)).send(body),
    put: (path: string, body: object) =>
      request(server).put(`/api/maestro${path}`).set('Authorization', mockCredentials.user.header(EDITOR)).send(body),
    get: (path: string) =>
      request(server).get(`/api/maestro${path}`).set('Authorization', mockCredentials.user.header(EDITOR)),
  };
  return { actions, action, api };
}

/**
 * Runs an action's handler as the scaffolder does for one step of a task: as `user`, with the template and task,
 * checkpoints kept in `checkpoints` (share it between runs to replay a retried task). Answers the outputs.
 */
export async function runAction(
  action: TemplateAction<any, any, any>,
  input: JsonObject,
  options: { user?: string; dryRun?: boolean; checkpoints?: Map<string, JsonValue | void>; taskId?: string } = {},
) {
  const output: Record<string, unknown> = {};
  const checkpoints = options.checkpoints ?? new Map();
  const logger = mockServices.logger.mock();
  await action.handler({
    input,
    logger,
    workspacePath: '/nonexistent',
    output: (name: string, value: unknown) => {
      output[name] = value;
    },
    async checkpoint({ key, fn }: { key: string; fn: () => Promise<JsonValue | void> }) {
      if (checkpoints.has(key)) return checkpoints.get(key);
      const value = await fn();
      checkpoints.set(key, value);
      return value;
    },
    createTemporaryDirectory: async () => '/nonexistent',
    getInitiatorCredentials: async () => mockCredentials.user(options.user ?? EDITOR),
    task: { id: options.taskId ?? 'task-1' },
    templateInfo: { entityRef: TEMPLATE },
    isDryRun: options.dryRun,
  } as any);
  return { output, logger };
}
