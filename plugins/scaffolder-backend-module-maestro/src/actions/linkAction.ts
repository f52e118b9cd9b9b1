import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import { DEPENDENCY_PROTOCOLS, InventoryRecord } from '@maestro/plugin-maestro-common';
import { entityRefOf, MaestroInventoryClient } from '../MaestroInventoryClient';
import { mergeLinks, WantedDependency } from './linkMerge';
import { templateRunReason } from './templateRun';

/** Kinds an application may depend on through `spec.dependencies` (servers go to `spec.servers`). */
const DEPENDENCY_KINDS = ['Database', 'LoadBalancer', 'Volume', 'Component', 'Resource'];
/** Writes tried when someone else changes the application between our read and our write. */
const ATTEMPTS = 3;

interface LinkInput {
  component: string;
  servers?: string[];
  dependencies?: Array<{ ref: string; protocol?: WantedDependency['protocol']; description?: string }>;
  reason?: string;
}

/**
 * `maestro:link`: links an application (a Component record in Maestro's inventory) to servers it is deployed on
 * and to the databases, load balancers, volumes or applications it depends on, with a protocol. Written through
 * Maestro's REST API as the user running the template, at the version read (a concurrent change is read again and
 * merged, never overwritten), the template run as the reason. Links already there are kept; running it twice
 * changes nothing the second time.
 * @public
 */
export function createMaestroLinkAction(options: { client: MaestroInventoryClient }) {
  const { client } = options;
  return createTemplateAction({
    id: 'maestro:link',
    description:
      "Links an application in Maestro's inventory to servers (deployed on) and to databases, load balancers, " +
      'volumes or applications (depends on, with a protocol), as the user running the template. Needs ' +
      'maestro.inventory.update on the application.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Deploy a new service on two servers and connect it to its database over SQL',
        example: [
          'steps:',
          '  - id: link',
          '    action: maestro:link',
          '    input:',
          '      component: component:default/orders-api',
          '      servers: [server:default/web-01, server:default/web-02]',
          '      dependencies:',
          '        - { ref: database:default/orders-db, protocol: sql }',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        component: z => z.string().min(1).describe('The application: entity ref (component:default/x) or record id'),
        servers: z =>
          z.array(z.string().min(1)).max(100).optional().describe('Servers it is deployed on (refs or ids)'),
        dependencies: z =>
          z
            .array(
              z.object({
                ref: z.string().min(1).describe('Database, LoadBalancer, Volume, Component or Resource (ref or id)'),
                protocol: z.enum(DEPENDENCY_PROTOCOLS).optional().describe('How the application reaches it'),
                description: z.string().max(255).optional(),
              }),
            )
            .max(100)
            .optional()
            .describe('What it depends on, with the protocol'),
        reason: z => z.string().max(1000).optional().describe('Why, added to the template run in the history'),
      },
      output: {
        id: z => z.string().describe("The application's record id"),
        entityRef: z => z.string().describe("The application's entity ref"),
        version: z => z.number().describe('Its version after the link (unchanged when nothing was new)'),
        changed: z => z.boolean().describe('Whether the links were new (false: already linked, nothing written)'),
      },
    },
    async handler(ctx) {
      const input = ctx.input as LinkInput;
      if (!input.servers?.length && !input.dependencies?.length) {
        throw new InputError('servers: give servers or dependencies to link the application to');
      }
      const credentials = await ctx.getInitiatorCredentials();
      const reason = templateRunReason(ctx, input.reason);
      const result = await ctx.checkpoint({
        key: `maestro.link.${input.component}`,
        fn: async () => {
          const wanted = await resolveTargets(client, input, credentials);
          const app = await findApplication(client, input.component, credentials, ctx.isDryRun);
          if (!app) {
            ctx.logger.warn(
              `Dry run: ${input.component} is not in Maestro's inventory yet (an earlier step creates it); ` +
                `its targets were checked, the link itself could not be`,
            );
            return { id: '', entityRef: input.component, version: 0, changed: true };
          }
          return link(client, app, wanted, { credentials, reason, dryRun: ctx.isDryRun });
        },
      });
      const verb = ctx.isDryRun ? 'Dry run, nothing written: would link' : 'Linked';
      ctx.logger.info(result.changed ? `${verb} ${result.entityRef}` : `${result.entityRef} was already linked`);
      ctx.output('id', result.id);
      ctx.output('entityRef', result.entityRef);
      ctx.output('version', result.version);
      ctx.output('changed', result.changed);
    },
  });
}

/** The targets as full entity refs, each checked to be an active record of a kind it may be linked as. */
async function resolveTargets(client: MaestroInventoryClient, input: LinkInput, credentials: BackstageCredentials) {
  const servers: string[] = [];
  for (const [i, server] of (input.servers ?? []).entries()) {
    const field = `servers[${i}]`;
    const record = await client.findRecord(server, { field, defaultKind: 'Server', credentials });
    if (record.kind !== 'Server')
      throw new InputError(`${field}: ${entityRefOf(record)} is a ${record.kind}, not a Server`);
    servers.push(entityRefOf(record));
  }
  const dependencies: WantedDependency[] = [];
  for (const [i, dependency] of (input.dependencies ?? []).entries()) {
    const field = `dependencies[${i}].ref`;
    const record = await client.findRecord(dependency.ref, { field, credentials });
    if (!DEPENDENCY_KINDS.includes(record.kind)) {
      throw new InputError(`${field}: ${entityRefOf(record)} is a ${record.kind}; link ${DEPENDENCY_KINDS.join(', ')}`);
    }
    dependencies.push({ ...dependency, ref: entityRefOf(record) });
  }
  return { servers, dependencies };
}

/**
 * The application record, or undefined on a dry run whose earlier step would have created it. An application
 * from the catalog that Maestro does not hold cannot be linked here: its catalog-info.yaml says what it
 * depends on (`spec.dependsOn`).
 */
async function findApplication(
  client: MaestroInventoryClient,
  component: string,
  credentials: BackstageCredentials,
  dryRun?: boolean,
): Promise<InventoryRecord | undefined> {
  try {
    const app = await client.findRecord(component, { field: 'component', defaultKind: 'Component', credentials });
    if (app.kind !== 'Component') {
      throw new InputError(`component: ${entityRefOf(app)} is a ${app.kind}, not an application (Component)`);
    }
    return app;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    if (dryRun) return undefined;
    throw new NotFoundError(
      `${error.message}. Create its record first (maestro:record:create), or, for an application defined in ` +
        `git, list the targets in its catalog-info.yaml spec.dependsOn`,
    );
  }
}

/** Writes the merged links at the version read; a concurrent write is read again and merged (no lost update). */
async function link(
  client: MaestroInventoryClient,
  first: InventoryRecord,
  wanted: { servers: string[]; dependencies: WantedDependency[] },
  options: { credentials: BackstageCredentials; reason: string; dryRun?: boolean },
) {
  let app = first;
  for (let attempt = 1; ; attempt++) {
    const merged = mergeLinks(app.spec, wanted);
    if (!merged.changed) return { id: app.id, entityRef: entityRefOf(app), version: app.version, changed: false };
    try {
      const body: JsonObject = { version: app.version, spec: merged.spec, reason: options.reason };
      const written = await client.updateRecord(app.id, body, options);
      return { id: written.id, entityRef: entityRefOf(written), version: written.version, changed: true };
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= ATTEMPTS) throw error;
      app = await client.findRecord(app.id, { field: 'component', credentials: options.credentials });
    }
  }
}
