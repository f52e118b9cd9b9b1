import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import { entityRefOf, MaestroInventoryClient } from '../MaestroInventoryClient';
import { templateRunReason } from './templateRun';

/**
 * `maestro:record:create`: creates an inventory record (a Database for the new service, the service's own
 * Component record…) through Maestro's REST API as the user running the template, the template run as the reason.
 * A dry run makes Maestro run every check and write nothing.
 * @public
 */
export function createMaestroRecordCreateAction(options: { client: MaestroInventoryClient }) {
  const { client } = options;
  return createTemplateAction({
    id: 'maestro:record:create',
    description:
      "Creates a record in Maestro's inventory (any Maestro kind: Component, Database, Server…) as the user " +
      'running the template. Needs maestro.inventory.create.',
    supportsDryRun: true,
    examples: [
      {
        description: "The new service's application record, deployed later with maestro:link",
        example: [
          'steps:',
          '  - id: record',
          '    action: maestro:record:create',
          '    input:',
          '      kind: Component',
          '      name: ${{ parameters.name }}',
          '      owner: ${{ parameters.owner }}',
          '      spec: { type: service, lifecycle: experimental }',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        kind: z => z.string().min(1).describe('Maestro kind: Component, Database, Server, LoadBalancer, Volume…'),
        name: z => z.string().min(1).max(63).describe('Entity name, unique per kind'),
        title: z => z.string().max(255).optional().describe('Display title'),
        owner: z => z.string().min(1).describe('Owner group, e.g. group:default/platform'),
        spec: z =>
          z.record(z.string(), z.unknown()).optional().describe("The record's spec, checked against its kind's schema"),
        reason: z => z.string().max(1000).optional().describe('Why, added to the template run in the history'),
      },
      output: {
        id: z => z.string().describe('Record id (on a dry run: the id it would have had; nothing was written)'),
        entityRef: z => z.string().describe('Catalog entity ref, e.g. component:default/orders-api'),
        version: z => z.number().describe('Record version'),
      },
    },
    async handler(ctx) {
      const { kind, name, title, owner, spec, reason } = ctx.input;
      const body: JsonObject = {
        kind,
        name,
        owner,
        spec: (spec ?? {}) as JsonObject,
        ...(title ? { title } : {}),
        reason: templateRunReason(ctx, reason),
      };
      const credentials = await ctx.getInitiatorCredentials();
      // a retried task finds the record its first attempt created, instead of a 409
      const record = await ctx.checkpoint({
        key: `maestro.record.create.${kind}.${name}`,
        fn: async () => {
          const written = await client.createRecord(body, { credentials, dryRun: ctx.isDryRun });
          for (const warning of written.warnings ?? []) ctx.logger.warn(`Maestro: ${warning.message}`);
          return { id: written.id, entityRef: entityRefOf(written), version: written.version };
        },
      });
      ctx.logger.info(
        `${ctx.isDryRun ? 'Dry run, nothing written: would create' : 'Created'} ${record.entityRef} (id ${record.id})`,
      );
      ctx.output('id', record.id);
      ctx.output('entityRef', record.entityRef);
      ctx.output('version', record.version);
    },
  });
}
