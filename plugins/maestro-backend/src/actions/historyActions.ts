import { InputError, NotFoundError } from '@backstage/errors';
import { maestroHistoryReadPermission } from '@maestro/plugin-maestro-common';
import { recordKnownAt } from '../history/historyRoutes';
import {
  ActionGroup,
  READ_ONLY,
  readInput,
  recordInput,
  recordOf,
  recordSchema,
  requirePermissions,
} from './actionSupport';

/** At most this many changes per page of `get-record-history` (as `GET /records/:id/history`). */
const MAX_CHANGES = 500;

/**
 * The history actions, with `maestro.history.read` like `GET /records/:id/history` and `GET /records/:id/as-of`: a
 * record's changes (who, when, why, before and after), and the record as it was at a time.
 */
export const registerHistoryActions: ActionGroup = (registry, options) => {
  const { store, validator } = options;

  registry.register({
    name: 'get-record-history',
    title: "Get a Maestro record's change history",
    description: [
      "Lists a record's changes, newest first: each with its seq, action (create, update, delete, restore), actor",
      '(the user, service or discovery connection that wrote it), time, reason, and the record before and after.',
      'Page backwards with `before` (the smallest seq of the previous page).',
    ].join(' '),
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          ...recordInput(z),
          limit: z.number().optional().describe(`Changes per page, 1 to ${MAX_CHANGES} (default 50).`),
          before: z.number().optional().describe('Only changes with a smaller seq (the next, older page).'),
        }),
      output: z =>
        z.object({
          items: z.array(
            z.object({
              seq: z.number(),
              recordId: z.string(),
              kind: z.string(),
              name: z.string(),
              action: z.string(),
              actor: z.string(),
              at: z.string(),
              reason: z.string().optional(),
              before: recordSchema(z).optional(),
              after: recordSchema(z).optional(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      await requirePermissions(options, credentials, maestroHistoryReadPermission);
      const q = readInput(input);
      const limit = q.integer('limit', { min: 1, max: MAX_CHANGES }) ?? 50;
      const beforeSeq = q.integer('before', { min: 1 });
      const record = await recordOf(store, validator, input);
      return { output: { items: await store.history(record.id, { limit, beforeSeq }) } };
    },
  });

  registry.register({
    name: 'get-record-as-of',
    title: 'Get a Maestro record as it was at a time',
    description: [
      'Reads a record as it was at a past time, from its change history: its spec, owner and state then. Fails when',
      'the record did not exist yet then, or when history retention deleted the changes of that time.',
    ].join(' '),
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          ...recordInput(z),
          at: z.string().describe('The time, ISO-8601, e.g. 2026-01-31T12:00:00Z.'),
        }),
      output: z => z.object({ at: z.string(), record: recordSchema(z) }),
    },
    action: async ({ input, credentials }) => {
      await requirePermissions(options, credentials, maestroHistoryReadPermission);
      const at = readInput(input).timestamp('at');
      if (!at) throw new InputError('at: is required (ISO-8601 time)');
      const { id } = await recordOf(store, validator, input);
      const record = recordKnownAt(id, at, await store.recordAsOf(id, at));
      if (!record) throw new NotFoundError(`record ${id} did not exist at ${at}`);
      return { output: { at, record } };
    },
  });
};
