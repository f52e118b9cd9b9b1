import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { InventoryRecord, MAESTRO_KINDS, referencedRefs } from '@maestro/plugin-maestro-common';
import { entityRefOf, MaestroInventoryClient } from '../MaestroInventoryClient';

/** Relation names of the reference fields Backstage's own processor turns into relations. */
const BACKSTAGE_RELATIONS: Record<string, string> = { dependencies: 'dependsOn', system: 'partOf', domain: 'partOf' };

/** The relations a record's spec declares: one per referenced entity, with the field it comes from. */
export function relationsOf(record: InventoryRecord): Array<{ type: string; targetRef: string; field: string }> {
  const relations: Array<{ type: string; targetRef: string; field: string }> = [];
  for (const reference of MAESTRO_KINDS[record.kind]?.references ?? []) {
    const type = reference.relation?.[0] ?? BACKSTAGE_RELATIONS[reference.field] ?? reference.field;
    for (const ref of referencedRefs(record.spec, reference)) {
      try {
        const target = parseEntityRef(ref, { defaultKind: reference.kind, defaultNamespace: 'default' });
        relations.push({ type, targetRef: stringifyEntityRef(target), field: reference.field });
      } catch {
        // a hand-written ref that does not parse names no entity
      }
    }
  }
  return relations;
}

/**
 * `maestro:record:get`: reads a record of Maestro's inventory into the template's output (its spec, and the
 * relations its spec declares), as the user running the template (needs maestro.inventory.read).
 * @public
 */
export function createMaestroRecordGetAction(options: { client: MaestroInventoryClient }) {
  const { client } = options;
  return createTemplateAction({
    id: 'maestro:record:get',
    description:
      "Reads a record of Maestro's inventory (by entity ref or record id) into the output: spec and relations.",
    supportsDryRun: true,
    examples: [
      {
        description: 'Read the server the user picked, to use its hostname in a later step',
        example: [
          'steps:',
          '  - id: server',
          '    action: maestro:record:get',
          '    input:',
          '      ref: ${{ parameters.server }}',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        ref: z => z.string().min(1).describe('Entity ref (server:default/web-01) or record id'),
        kind: z => z.string().optional().describe('Kind assumed when ref has none (default Component)'),
      },
      output: {
        id: z => z.string(),
        kind: z => z.string(),
        name: z => z.string(),
        title: z => z.string().optional(),
        owner: z => z.string(),
        entityRef: z => z.string(),
        version: z => z.number(),
        spec: z => z.record(z.string(), z.unknown()),
        relations: z =>
          z
            .array(z.object({ type: z.string(), targetRef: z.string(), field: z.string() }))
            .describe('What the spec links to: runsOn server:default/web-01 (servers)…'),
      },
    },
    async handler(ctx) {
      const { ref, kind } = ctx.input;
      const credentials = await ctx.getInitiatorCredentials();
      const defaultKind = kind ?? 'Component';
      let record;
      try {
        record = await client.findRecord(ref, { field: 'ref', defaultKind, credentials });
      } catch (error) {
        // on a dry run, the record an earlier step creates is not there: say so, answer what is known
        if (!ctx.isDryRun || !(error instanceof NotFoundError)) throw error;
        ctx.logger.warn(`Dry run: ${ref} is not in Maestro's inventory yet (an earlier step creates it)`);
        ctx.output('entityRef', ref);
        ctx.output('relations', []);
        return;
      }
      ctx.output('id', record.id);
      ctx.output('kind', record.kind);
      ctx.output('name', record.name);
      if (record.title) ctx.output('title', record.title);
      ctx.output('owner', record.owner);
      ctx.output('entityRef', entityRefOf(record));
      ctx.output('version', record.version);
      ctx.output('spec', record.spec);
      ctx.output('relations', relationsOf(record));
    },
  });
}
