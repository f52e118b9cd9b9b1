import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { findMaestroKind } from '@maestro/plugin-maestro-common';
import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * The Maestro record picker's value (an entity ref, or a list of them when the field's schema is an array) and its
 * `ui:options`.
 * @public
 */
export const MaestroRecordPickerFieldSchema = makeFieldSchema({
  output: z => z.union([z.string(), z.array(z.string())]),
  uiOptions: z =>
    z.object({
      kind: z.string().optional().describe('Maestro kind to pick: Server (default), Database, LoadBalancer, Volume…'),
      environment: z.string().optional().describe('Only records of this environment (spec.environment)'),
      datacenter: z
        .string()
        .optional()
        .describe('Only records in this datacenter (spec.datacenter): a name or datacenter:default/<name>'),
    }),
});

/** The `ui:options` of the Maestro record picker. @public */
export type MaestroRecordPickerUiOptions = NonNullable<(typeof MaestroRecordPickerFieldSchema)['uiOptionsType']>;

/** The kind the picker offers (`Server` when the template names none), as Maestro spells it. */
export function pickerKind(options?: { kind?: string }): string {
  return (options?.kind && findMaestroKind(options.kind)?.kind) || options?.kind || 'Server';
}

/** The spec filters the options ask for: the environment, and the datacenter as a full entity ref. */
export function pickerFilters(options?: { environment?: string; datacenter?: string }): Record<string, string> {
  const filters: Record<string, string> = {};
  if (options?.environment) filters.environment = options.environment;
  if (options?.datacenter) {
    try {
      const ref = parseEntityRef(options.datacenter, { defaultKind: 'Datacenter', defaultNamespace: 'default' });
      filters.datacenter = stringifyEntityRef(ref);
    } catch {
      filters.datacenter = options.datacenter;
    }
  }
  return filters;
}
