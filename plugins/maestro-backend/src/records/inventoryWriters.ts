import type {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult, PolicyDecision } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import type { JsonObject } from '@backstage/types';
import type { InventoryRecord, WriteWarning } from '@maestro/plugin-maestro-common';
import type { Request } from 'express';
import { optionalReason } from '../input/requestFields';
import { maestroRecordRules } from '../permissions/rules';
import type { WriteContext } from './InventoryStore';

/*
 * Who writes inventory records and under which decisions: the writer and permit types of the inventory service
 * (InventoryService.ts), and how a decision taken without a record is applied to one.
 */
/**
 * A person or a service calling on its own behalf (the REST API, later scaffolder and MCP actions): the inventory
 * service authorizes each write for these credentials.
 */
export interface PrincipalWriter {
  credentials: BackstageCredentials;
  /** The HTTP request the write answers, for the auditor event. */
  request?: Request;
  /**
   * The change reason as given, read when the write starts (after authorization and validation) and checked
   * (`reason: …` 400 when it is not a string of at most 2000 characters).
   */
  reason?: () => unknown;
}

/** Maestro itself (discovery, the demo seed, jobs): trusted, not authorized, still validated and audited. */
export type SystemWriter = WriteContext;

/** Who writes: a principal (authorized) or Maestro itself (trusted). */
export type Writer = PrincipalWriter | SystemWriter;

/** A record just written, with the duplicate warnings the write raised (kept: warnings, not errors). */
export type WrittenRecord = InventoryRecord & { warnings: WriteWarning[] };

/** Options of a single-record write: `dryRun` checks everything and writes nothing. */
export interface WriteOptions {
  dryRun?: boolean;
}

/** `{ dryRun: true }` for a dry run (in the auditor event's meta and the store's context), nothing otherwise. */
export const dryRunMeta = (options: WriteOptions): { dryRun?: true } => (options.dryRun ? { dryRun: true } : {});

/** An import row as parsed: its row number, its fields as given, and the problems the parser already found. */
export interface ImportedRow {
  row: number;
  kind?: unknown;
  name?: unknown;
  owner?: unknown;
  title?: unknown;
  spec?: unknown;
  version?: unknown;
  problems?: string[];
}

/** The decisions an import is made under, taken before its body is read (see `InventoryService.authorizeImport`). */
export interface ImportPermit {
  readonly credentials: BackstageCredentials;
  readonly create: PolicyDecision;
  readonly update: PolicyDecision;
}

/** The decision a multi-record update is made under, taken before its body is read (`InventoryService.authorizeUpdates`). */
export interface UpdatePermit {
  readonly credentials: BackstageCredentials;
  readonly update: PolicyDecision;
}

/** One record's new spec in `InventoryService.updateRecordsTogether`. */
export interface SpecPatch {
  id: string;
  /** The version the caller read. */
  version: number;
  /** The whole new spec (validated against the record's kind). */
  spec: JsonObject;
  /** How the caller names this patch in its input (`changes[2]`): problems with it start with this. */
  label?: string;
}

const recordAuthorizer = createConditionAuthorizer<InventoryRecord, unknown>(Object.values(maestroRecordRules));

/** Whether a decision taken without a record (allow, deny, or conditions) allows it for this record. */
export const decisionAllows = (decision: PolicyDecision, record: InventoryRecord) =>
  decision.result === AuthorizeResult.ALLOW ||
  (decision.result === AuthorizeResult.CONDITIONAL && recordAuthorizer(decision, record));

/** Whether a writer is a principal (authorized) rather than Maestro itself. */
export const isPrincipal = (writer: Writer): writer is PrincipalWriter => 'credentials' in writer;

/** The actor history records for a principal: the user's entity ref or the service's subject. */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as { type: string; userEntityRef?: string; subject?: string };
  if (principal.type === 'user' && principal.userEntityRef) return principal.userEntityRef;
  if (principal.type === 'service' && principal.subject) return principal.subject;
  return 'unknown';
}

/**
 * Runs a write of the inventory service wrapped in an auditor event that records its success or failure. The write
 * gets its context: a principal's actor and reason (read here, inside the event), or Maestro's own.
 */
export async function auditedWrite<T>(
  auditor: AuditorService,
  options: {
    writer: Writer;
    eventId: string;
    meta: JsonObject;
    write: (ctx: WriteContext) => Promise<T>;
    successMeta?: (result: T) => JsonObject;
  },
): Promise<T> {
  const { writer, eventId, meta, write } = options;
  const successMeta =
    options.successMeta ??
    ((result: T) => {
      const record = result as unknown as InventoryRecord;
      return { recordId: record.id, version: record.version };
    });
  const principal = isPrincipal(writer);
  const severityLevel: AuditorServiceEventSeverityLevel = principal ? 'medium' : 'low';
  const event = await auditor.createEvent({
    eventId,
    severityLevel,
    ...(principal ? { request: writer.request } : {}),
    meta: principal ? meta : { ...meta, actor: writer.actor, ...(writer.source ? { source: writer.source } : {}) },
  });
  try {
    const ctx: WriteContext = principal
      ? { actor: actorOf(writer.credentials), reason: optionalReason(writer.reason?.()) }
      : writer;
    const result = await write(ctx);
    await event.success({ meta: successMeta(result) });
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}
