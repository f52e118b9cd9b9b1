import type { AuditorService, BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult, ResourcePermission } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import {
  InventoryRecord,
  MAESTRO_RECORD_RESOURCE_TYPE,
  maestroInventoryCreatePermission,
  maestroInventoryDeletePermission,
  maestroInventoryUpdatePermission,
} from '@maestro/plugin-maestro-common';
import type { Request } from 'express';
import { optionalReason, requireObject } from '../input/requestFields';
import { DuplicateChecker } from './DuplicateChecker';
import type { InventoryStore, LookupKey, UpsertOptions, UpsertResult, UpsertRow, WriteContext } from './InventoryStore';
import { mustGetRecord } from './recordLookup';
import { RecordValidator } from './RecordValidator';
import {
  assertNewRowsComplete,
  importRowProblems,
  InvalidRowsError,
  RowReport,
  systemRowProblems,
  upsertRowOf,
} from './rowChecks';
import {
  auditedWrite,
  decisionAllows,
  dryRunMeta,
  ImportedRow,
  ImportPermit,
  isPrincipal,
  PrincipalWriter,
  SpecPatch,
  UpdatePermit,
  Writer,
  WriteOptions,
  WrittenRecord,
} from './inventoryWriters';

export { actorOf } from './inventoryWriters';
export type {
  ImportedRow,
  ImportPermit,
  PrincipalWriter,
  SpecPatch,
  SystemWriter,
  UpdatePermit,
  Writer,
  WriteOptions,
  WrittenRecord,
} from './inventoryWriters';

/**
 * The one write path for inventory records. Every write, whoever makes it, is validated (kind schema, names,
 * owner refs, text a database cannot hold, field lengths), written with its history entry (actor, source, reason)
 * in one transaction by the store, and recorded as an auditor event (success or failure). Creates and updates
 * answer duplicate warnings.
 *
 * Principals ({@link PrincipalWriter}) are authorized against the permission policy: create, and update / delete
 * as evaluated for the stored record (a conditional decision is applied to it); an import's decisions are taken
 * before its body is read and applied inside its transaction, to the records as read there. Maestro itself
 * ({@link SystemWriter}) is trusted but validated the same way.
 */
export class InventoryService {
  readonly #store: InventoryStore;
  readonly #permissions: PermissionsService;
  readonly #auditor: AuditorService;
  readonly #validator: RecordValidator;
  readonly #duplicates: DuplicateChecker;

  static create(options: {
    store: InventoryStore;
    permissions: PermissionsService;
    auditor: AuditorService;
    validator?: RecordValidator;
  }): InventoryService {
    return new InventoryService(options);
  }

  private constructor(options: {
    store: InventoryStore;
    permissions: PermissionsService;
    auditor: AuditorService;
    validator?: RecordValidator;
  }) {
    this.#store = options.store;
    this.#permissions = options.permissions;
    this.#auditor = options.auditor;
    this.#validator = options.validator ?? RecordValidator.create();
    this.#duplicates = new DuplicateChecker(options.store);
  }

  /** The validator every write uses (kind names, record fields). */
  get validator(): RecordValidator {
    return this.#validator;
  }

  /**
   * The record, if `credentials` may apply `permission` to it (the policy may answer conditionally, e.g. "the
   * user's groups own it": the conditions are evaluated against the stored record). 404 before 403.
   */
  async authorizeRecord(
    credentials: BackstageCredentials,
    permission: ResourcePermission<typeof MAESTRO_RECORD_RESOURCE_TYPE>,
    recordId: string,
  ): Promise<InventoryRecord> {
    const record = await mustGetRecord(this.#store, recordId);
    const [decision] = await this.#permissions.authorize([{ permission, resourceRef: record.id }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`not allowed: ${permission.name} on ${record.kind} ${record.name}`);
    }
    return record;
  }

  /**
   * Creates a record from `input` (kind, name, owner, title, spec, as given: validated here). With `dryRun`, every
   * check runs (authorization, validation, the name taken) and the would-be record is returned; nothing is written.
   */
  async createRecord(input: unknown, writer: Writer, options: WriteOptions = {}): Promise<WrittenRecord> {
    if (isPrincipal(writer)) await this.#authorizeCreate(writer.credentials);
    const body = requireObject(input);
    const kind = this.#validator.kind(body.kind);
    this.#validator.assertValid({
      kind,
      name: body.name ?? '',
      owner: body.owner ?? '',
      title: body.title,
      spec: body.spec ?? null,
    });
    const meta = { kind, name: body.name as string, ...dryRunMeta(options) };
    const record = await this.#audited(writer, 'record-create', meta, ctx =>
      this.#store.createRecord(
        {
          kind,
          name: body.name as string,
          title: body.title as string | undefined,
          owner: body.owner as string,
          spec: body.spec as JsonObject,
        },
        { ...ctx, ...dryRunMeta(options) },
      ),
    );
    return { ...record, warnings: await this.#duplicates.warningsFor(record) };
  }

  /**
   * Updates the record at the version the writer read (409 when it moved on): the fields given replace the
   * stored ones. With `dryRun`, every check runs and the would-be record is returned; nothing is written.
   */
  async updateRecord(
    id: string,
    patch: { version: number; title?: unknown; owner?: unknown; spec?: unknown },
    writer: Writer,
    options: WriteOptions = {},
  ): Promise<WrittenRecord> {
    const current = await this.#target(id, maestroInventoryUpdatePermission, writer);
    this.#validator.assertValid({ kind: current.kind, owner: patch.owner, title: patch.title, spec: patch.spec });
    const record = await this.#audited(
      writer,
      'record-update',
      { recordId: current.id, kind: current.kind, name: current.name, ...dryRunMeta(options) },
      ctx =>
        this.#store.updateRecord(
          current.id,
          {
            version: patch.version,
            title: patch.title as string | null | undefined,
            owner: patch.owner as string | undefined,
            spec: patch.spec as JsonObject | undefined,
          },
          { ...ctx, ...dryRunMeta(options) },
        ),
    );
    return { ...record, warnings: await this.#duplicates.warningsFor(record) };
  }

  /** Deletes (`active: false`, restorable) or restores a record at the version the writer read. */
  async setActive(id: string, active: boolean, options: { version: number }, writer: Writer): Promise<InventoryRecord> {
    const permission = active ? maestroInventoryUpdatePermission : maestroInventoryDeletePermission;
    const current = await this.#target(id, permission, writer);
    return this.#audited(
      writer,
      active ? 'record-restore' : 'record-delete',
      { recordId: current.id, kind: current.kind, name: current.name },
      ctx => this.#store.setActive(current.id, active, options, ctx),
    );
  }

  /**
   * Brings back the version a history entry (`seq`) recorded, as an update at the version the writer read; the
   * reason defaults to `revert to version N (seq S)`. The version brought back is validated as any update is.
   */
  async revertRecord(id: string, options: { seq: number; version: number }, writer: Writer): Promise<WrittenRecord> {
    const current = await this.#target(id, maestroInventoryUpdatePermission, writer);
    const change = await this.#store.getChange(options.seq);
    if (!change || change.recordId !== current.id || !change.after) {
      throw new NotFoundError(`seq: no history entry ${options.seq} for record ${current.id}`);
    }
    const target = change.after;
    this.#validator.assertValid({
      kind: current.kind,
      owner: target.owner,
      title: target.title ?? null,
      spec: target.spec,
    });
    const fallback = `revert to version ${target.version} (seq ${change.seq})`;
    // the reason is read before the write's auditor event (as the revert route always did)
    const given = isPrincipal(writer) ? optionalReason(writer.reason?.()) : writer.reason;
    const record = await this.#audited(
      isPrincipal(writer) ? { ...writer, reason: () => given } : writer,
      'record-revert',
      { recordId: current.id, kind: current.kind, name: current.name, seq: change.seq },
      ctx =>
        this.#store.updateRecord(
          current.id,
          { version: options.version, title: target.title ?? null, owner: target.owner, spec: target.spec },
          { ...ctx, reason: ctx.reason ?? fallback },
        ),
    );
    return { ...record, warnings: await this.#duplicates.warningsFor(record) };
  }

  /**
   * The decisions a bulk import is made under, taken before its body is read: someone who may neither create
   * nor (even conditionally) update records gets a 403 without a byte read.
   */
  async authorizeImport(credentials: BackstageCredentials): Promise<ImportPermit> {
    const [[create], [update]] = await Promise.all([
      this.#permissions.authorize([{ permission: maestroInventoryCreatePermission }], { credentials }),
      this.#permissions.authorizeConditional([{ permission: maestroInventoryUpdatePermission }], { credentials }),
    ]);
    if (create.result !== AuthorizeResult.ALLOW && update.result === AuthorizeResult.DENY) {
      throw new NotAllowedError('not allowed: maestro.inventory.create or maestro.inventory.update');
    }
    return { credentials, create, update };
  }

  /**
   * Creates or updates records by (kind, name), all or nothing. Every row is validated first (an
   * {@link InvalidRowsError} reports every problem of every row; nothing is written); which existing records the
   * caller may update is decided inside the write transaction, against the records as read there; a row's
   * optional `version` must equal the stored one.
   */
  async importRecords(
    rows: ImportedRow[],
    options: { permit: ImportPermit; format: string; reason?: string; request?: Request },
  ): Promise<UpsertResult> {
    const { permit } = options;
    const report: RowReport[] = [];
    const records: UpsertRow[] = [];
    for (const row of rows) {
      const problems = row.problems ?? importRowProblems(row, this.#validator);
      if (problems.length > 0) report.push({ row: row.row, kind: row.kind, name: row.name, problems });
      else records.push(upsertRowOf(row, this.#validator));
    }
    if (report.length > 0) throw new InvalidRowsError(report, rows.length);
    const mayUpdate = (record: InventoryRecord) => decisionAllows(permit.update, record);
    const authorizeExisting = (existing: InventoryRecord[]) => {
      if (existing.length < records.length && permit.create.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError('not allowed: maestro.inventory.create');
      }
      const denied = existing.filter(record => !mayUpdate(record)).length;
      if (denied > 0) {
        throw new NotAllowedError(
          `not allowed: maestro.inventory.update on ${denied} existing record(s) of this import`,
        );
      }
    };
    const writer: PrincipalWriter = { credentials: permit.credentials, request: options.request };
    return this.#audited(
      writer,
      'records-import',
      { format: options.format, rows: rows.length },
      ctx =>
        this.#store.upsertRecords(
          records,
          { ...ctx, reason: options.reason ?? `import (${options.format})` },
          { authorizeExisting },
        ),
      r => ({ created: r.created, updated: r.updated, unchanged: r.unchanged }),
    );
  }

  /**
   * The decision updates of several records are made under, taken before the request's body is read: someone
   * who may not update any record (not even conditionally) gets a 403 without a byte read.
   */
  async authorizeUpdates(credentials: BackstageCredentials): Promise<UpdatePermit> {
    const [update] = await this.#permissions.authorizeConditional([{ permission: maestroInventoryUpdatePermission }], {
      credentials,
    });
    if (update.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(`not allowed: ${maestroInventoryUpdatePermission.name}`);
    }
    return { credentials, update };
  }

  /** A 403 naming every one of `records` the permit does not let its holder update. */
  assertMayUpdate(permit: UpdatePermit, records: InventoryRecord[]): void {
    const denied = records.filter(record => !decisionAllows(permit.update, record));
    if (denied.length > 0) {
      const names = denied.map(r => `${r.kind} ${r.name}`).join(', ');
      throw new NotAllowedError(`not allowed: ${maestroInventoryUpdatePermission.name} on ${names}`);
    }
  }

  /**
   * Replaces the spec of several records in one transaction, all or nothing, each record at the version the
   * caller read (409 naming every record that moved on). The permit is applied, and each spec validated, against
   * the records as read inside the transaction; each record gets its own history entry with the reason.
   */
  async updateRecordsTogether(
    patches: SpecPatch[],
    options: { permit: UpdatePermit; reason: string; request?: Request; eventId: string; meta: JsonObject },
  ): Promise<InventoryRecord[]> {
    const { permit } = options;
    const writer: PrincipalWriter = { credentials: permit.credentials, request: options.request };
    const checkExisting = (current: InventoryRecord[]) => {
      this.assertMayUpdate(permit, current);
      current.forEach((record, i) => {
        try {
          this.#validator.assertValid({ kind: record.kind, spec: patches[i].spec });
        } catch (error) {
          const label = patches[i].label;
          if (!label || !(error instanceof InputError)) throw error;
          throw new InputError(`${label}.${error.message}`);
        }
      });
    };
    return this.#audited(
      { ...writer, reason: () => options.reason },
      options.eventId,
      options.meta,
      ctx =>
        this.#store.updateRecordsTogether(
          patches.map(p => ({ id: p.id, version: p.version, spec: p.spec })),
          ctx,
          { checkExisting },
        ),
      records => ({ records: records.map(r => ({ id: r.id, version: r.version })) }),
    );
  }

  /**
   * Maestro's own bulk write (discovery, jobs): {@link InventoryStore.upsertRecords} with validation and an
   * auditor event. Rows are validated before the transaction; a row that merges into a stored record
   * (`mergeFields`) may leave out required spec fields the stored record has, and its name is checked only when
   * it creates a record (both decided inside the transaction, against the records as read there).
   */
  async upsertRecords(rows: UpsertRow[], ctx: WriteContext, options: UpsertOptions = {}): Promise<UpsertResult> {
    const checked = rows.map((row, index) => {
      const kind = this.#validator.kind(row.kind);
      const problems = systemRowProblems({ ...row, kind }, this.#validator);
      if (problems.length) throw new InputError(`${problems.join('; ')} (${kind} row ${index + 1})`);
      return kind === row.kind ? row : { ...row, kind };
    });
    return this.#audited(
      ctx,
      'records-upsert',
      { rows: rows.length },
      () =>
        this.#store.upsertRecords(checked, ctx, {
          ...options,
          authorizeExisting: async existing => {
            assertNewRowsComplete(checked, existing, this.#validator);
            await options.authorizeExisting?.(existing);
          },
        }),
      r => ({ created: r.created, updated: r.updated, unchanged: r.unchanged, reactivated: r.reactivated ?? 0 }),
    );
  }

  /** Maestro's own bulk delete or restore (discovery): {@link InventoryStore.setActiveMany}, audited. */
  async setActiveMany(ids: string[], active: boolean, ctx: WriteContext): Promise<string[]> {
    return this.#audited(
      ctx,
      active ? 'records-restore' : 'records-delete',
      { records: ids.length },
      () => this.#store.setActiveMany(ids, active, ctx),
      changed => ({ changed: changed.length }),
    );
  }

  /** Records of a kind (active or not) whose lookup key has one of these values (discovery's dedupe). */
  findByKeyValues(options: { kind: string; key: LookupKey; values: string[] }) {
    return this.#store.findByKeyValues(options);
  }

  /** How many active records of a kind have one of `values` in a top-level spec field (a Datacenter's servers). */
  async countActiveRecords(options: { kind: string; specField: string; values: string[] }): Promise<number> {
    const { kind, specField } = options;
    const counts = await Promise.all(
      [...new Set(options.values)].map(value =>
        this.#store.listRecords({ kind, active: true, specEquals: { [specField]: value }, limit: 0 }),
      ),
    );
    return counts.reduce((sum, { totalCount }) => sum + totalCount, 0);
  }

  /** Ids of the records of a kind with these names (any state). */
  findByNames(kind: string, names: string[]) {
    return this.#store.findByNames(kind, names);
  }

  async #authorizeCreate(credentials: BackstageCredentials) {
    const [decision] = await this.#permissions.authorize([{ permission: maestroInventoryCreatePermission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`not allowed: ${maestroInventoryCreatePermission.name}`);
    }
  }

  /** The stored record a write applies to: authorized for a principal, looked up for Maestro itself. */
  #target(id: string, permission: ResourcePermission<typeof MAESTRO_RECORD_RESOURCE_TYPE>, writer: Writer) {
    return isPrincipal(writer)
      ? this.authorizeRecord(writer.credentials, permission, id)
      : mustGetRecord(this.#store, id);
  }

  /** Runs a write wrapped in an auditor event ({@link auditedWrite}). */
  #audited<T>(
    writer: Writer,
    eventId: string,
    meta: JsonObject,
    write: (ctx: WriteContext) => Promise<T>,
    successMeta?: (result: T) => JsonObject,
  ): Promise<T> {
    return auditedWrite(this.#auditor, { writer, eventId, meta, write, successMeta });
  }
}
