import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { DATACENTER_PROVIDERS, DiscoveryHeldRemoval, DiscoveryTaskStatus } from '@maestro/plugin-maestro-common';
import type {
  DiscoveredRecord,
  DiscoveryDriver,
  DriverSession,
  ResolvedConnection,
} from '@maestro/plugin-maestro-node';
import type { Knex } from 'knex';
import { KeyedSemaphore, RunStatusTable, throwIfAborted } from '../jobs';
import type { ConnectionStore } from './ConnectionStore';
import type { DiscoveryNotices } from './DiscoveryNotices';
import type { DiscoveryOptions } from './discoveryOptions';
import { confirmationsOf, DiscoveryStatusRows, heldOf, statusesOf, taskKey, toStatus } from './DiscoveryStatusRows';
import { CONFIG_INCARNATION, ConnectionGoneError, incarnationOf } from './incarnation';
import type { Reconciler } from './Reconciler';
import type { DiscoveryRecordWriter } from './RecordWriter';
import type { DiscoveryRunEnd, DiscoveryRunLog } from './DiscoveryRunLog';
import { publicErrorOf, StoredRegionResult, StoredTaskStatus } from './statusErrors';
import { addCounts, emptyCounts } from './types';

const messageOf = (error: unknown) => ((error as Error)?.message ?? String(error)).slice(0, 2000);

/** What runs of lists need. */
export interface ListRunnerDeps {
  db: Knex;
  writer: DiscoveryRecordWriter;
  connections: ConnectionStore;
  drivers: Map<string, DiscoveryDriver>;
  reconciler: Reconciler;
  statusRows: DiscoveryStatusRows;
  notices: DiscoveryNotices;
  logger: LoggerService;
  options: DiscoveryOptions;
  now: () => number;
  /** Hears each run's begin and end (the jobs' run log); optional. */
  runLog?: DiscoveryRunLog;
}

/**
 * Runs one list of one connection (the discovery job's body): opens a session with the provider's driver,
 * makes sure the connection's Datacenter exists, crawls each region (or `global`) at most
 * `concurrencyPerRegion` at once per account and region, reconciles each listing with the store, and records the
 * outcome — status row with counts, errors, required permissions, held removals and consecutive failures — then
 * signals it and notifies the owner on transitions. Nothing is recorded for a connection deleted meanwhile.
 */
export class ListRunner {
  readonly #deps: ListRunnerDeps;
  readonly #semaphore: KeyedSemaphore;

  constructor(deps: ListRunnerDeps) {
    this.#deps = deps;
    this.#semaphore = new KeyedSemaphore(deps.options.concurrencyPerRegion);
  }

  async run(
    connectionId: string,
    listId: string,
    options: { signal?: AbortSignal; startedBy?: string },
  ): Promise<StoredTaskStatus> {
    const { connections, drivers, reconciler, statusRows, notices, logger, now } = this.#deps;
    const connection = await connections.get(connectionId);
    const driver = drivers.get(connection.provider)!;
    const list = connection.lists.find(l => l.id === listId);
    if (!list) throw new NotFoundError(`list '${listId}' does not exist for ${connection.provider}`);
    const incarnation =
      connection.origin === 'config' ? CONFIG_INCARNATION : await incarnationOf(this.#deps.db, connectionId);
    if (!incarnation) throw new NotFoundError(`connection '${connectionId}' does not exist`);
    await reconciler.forgetOtherIncarnations(connectionId, incarnation);
    const key = taskKey(connectionId, listId);
    const previous = await statusRows.get(key);
    const confirmations = confirmationsOf(previous);
    const runId = randomUUID();
    const started = now();
    await statusRows.begin(key, { runId, startedAt: new Date(started).toISOString() }, { confirmed_removals: null });
    await statusRows.countRun(key);
    await this.#logged('began', () =>
      this.#deps.runLog?.began({
        connectionId,
        listId,
        runId,
        startedAt: new Date(started).toISOString(),
        requested: !!previous?.requested_at,
        ...(options.startedBy ? { startedBy: options.startedBy } : {}),
      }),
    );
    notices.publish(connection, { connectionId, list: listId, status: 'running', runId });
    logger.info(`Discovery ${connectionId}/${listId} started (run ${runId})`);

    const regions: StoredRegionResult[] = [];
    let fatal: string | undefined;
    let gone = false;
    let fatalSummary: string | undefined;
    let session: DriverSession | undefined;
    const kindsSeen = new Set<string>();
    try {
      session = await driver.open(connection, options.signal);
      await this.#ensureDatacenter(connection, runId);
      const scopes = list.global ? ['global'] : connection.regions;
      for (const region of scopes) {
        throwIfAborted(options.signal);
        const result = await this.#semaphore.run(`${session.accountId}/${region}`, () =>
          this.#crawlRegion(
            connection,
            incarnation,
            list.iamActions,
            listId,
            region,
            session!,
            runId,
            confirmations[region],
            kindsSeen,
            options.signal,
          ),
        );
        regions.push(result);
        notices.publish(connection, {
          connectionId,
          list: listId,
          status: 'running',
          runId,
          region,
          regionStatus: result.status,
          seen: result.counts.seen,
        });
      }
      // a list that lists servers (or removed records) may have changed the Datacenter's count of servers
      if (kindsSeen.has('Server') || regions.some(r => r.counts.deactivated > 0)) {
        await this.#countInstances(connection, listId, runId);
      }
    } catch (error) {
      gone = error instanceof ConnectionGoneError;
      fatal = messageOf(error);
      fatalSummary = publicErrorOf(error, { provider: connection.provider });
      logger.warn(`Discovery ${connectionId}/${listId} failed: ${fatal}`);
    } finally {
      session?.close();
    }
    const ended = (end: Omit<DiscoveryRunEnd, 'connectionId' | 'listId' | 'runId' | 'finishedAt' | 'durationMs'>) =>
      this.#logged('ended', () =>
        this.#deps.runLog?.ended({
          connectionId,
          listId,
          runId,
          finishedAt: new Date(now()).toISOString(),
          durationMs: now() - started,
          ...end,
        }),
      );
    if (gone) {
      await ended({ failed: true, error: 'the connection was deleted during the run' });
      return toStatus(connectionId, listId, undefined);
    }

    const counts = regions.reduce((sum, r) => addCounts(sum, r.counts), emptyCounts());
    const failedRegion = regions.find(r => r.status === 'error');
    const error = fatal ?? (failedRegion ? `${failedRegion.region}: ${failedRegion.error}` : undefined);
    const errorSummary =
      fatalSummary ?? (failedRegion ? `${failedRegion.region}: ${failedRegion.errorSummary}` : undefined);
    const warnings = regions.flatMap(r => (r.warnings ?? []).map(w => (list.global ? w : `${r.region}: ${w}`)));
    const requiredActions = [...new Set(regions.flatMap(r => r.requiredActions ?? []))];
    const held = regions.map(r => r.held).filter((h): h is DiscoveryHeldRemoval => !!h);
    let status: DiscoveryTaskStatus['status'] = counts.seen === 0 ? 'empty' : 'success';
    if (regions.length && regions.every(r => r.status === 'unavailable')) status = 'unavailable';
    if (held.length) status = 'held';
    if (error) status = 'error';
    const finished = now();
    const summary = {
      counts,
      regions,
      ...(error ? { error, errorSummary } : {}),
      ...(warnings.length ? { warnings } : {}),
      ...(requiredActions.length ? { requiredActions } : {}),
      ...(held.length ? { held } : {}),
    };
    const written = await statusRows.finishUnlessGone(key, incarnation, {
      status,
      run_id: runId,
      finished_at: new Date(finished).toISOString(),
      duration_ms: finished - started,
      summary: JSON.stringify(summary),
      failures: RunStatusTable.failuresAfter(previous, !!error),
    });
    if (!written) {
      await ended({ failed: true, error: 'the connection was deleted during the run' });
      return toStatus(connectionId, listId, undefined); // deleted while the run finished
    }
    await ended({
      failed: !!error,
      summary: `${status}: ${counts.seen} records seen (${counts.created} created, ${counts.changed} changed, ${counts.deactivated} deactivated)`,
      ...(error ? { error: errorSummary ?? 'the run failed' } : {}),
    });
    logger.info(
      `Discovery ${connectionId}/${listId} ${status} in ${finished - started} ms: ${JSON.stringify(counts)}${
        held.length ? `; held removals: ${JSON.stringify(held)}` : ''
      }`,
    );
    notices.publish(connection, { connectionId, list: listId, status, runId, counts: { ...counts } });
    // the owner may only read discovery: the notification carries the description every reader sees
    await notices.failure(connection, listId, status === 'error', (previous?.failures ?? 0) > 0, {
      error: errorSummary,
      requiredActions,
    });
    await notices.held(connection, listId, held, heldOf(previous));
    return (await statusesOf(statusRows, await connections.get(connectionId))).find(s => s.list === listId)!;
  }

  /** Calls the run log; a log that fails is logged, never failing the run. */
  async #logged(what: string, call: () => Promise<void> | undefined): Promise<void> {
    try {
      await call();
    } catch (error) {
      this.#deps.logger.warn(`Discovery run log (${what}) failed: ${messageOf(error)}`);
    }
  }

  async #crawlRegion(
    connection: ResolvedConnection,
    incarnation: string,
    iamActions: string[],
    listId: string,
    region: string,
    session: DriverSession,
    runId: string,
    confirmedRemovals: number | undefined,
    kindsSeen: Set<string>,
    signal?: AbortSignal,
  ): Promise<StoredRegionResult> {
    const { reconciler, options, logger } = this.#deps;
    const records: DiscoveredRecord[] = [];
    const warnings: string[] = [];
    let complete = false;
    let error: unknown;
    try {
      await session.crawl(
        listId,
        region,
        record => {
          records.push(record);
          kindsSeen.add(record.kind);
        },
        signal,
        warning => warnings.push(warning),
      );
      complete = true;
    } catch (e) {
      error = e;
    }
    const kind = error ? session.classify(error) : undefined;
    const outcome = await reconciler.reconcile(
      { connectionId: connection.id, incarnation, list: listId, region, owner: connection.owner, runId },
      { records, complete },
      {
        massRemovalThreshold: options.massRemovalThreshold,
        massRemovalMinimum: options.massRemovalMinimum,
        confirmedRemovals,
      },
    );
    const result: StoredRegionResult = {
      region,
      status: records.length ? 'success' : 'empty',
      counts: outcome.counts,
      complete,
      ...(warnings.length ? { warnings: [...new Set(warnings)] } : {}),
    };
    if (error && kind === 'unavailable') {
      // the cloud has no such service here (OpenStack without Octavia): nothing to list, nothing removed
      result.status = 'unavailable';
      result.error = `service not available: ${messageOf(error)}`;
      result.errorSummary = publicErrorOf(error, { kind });
    } else if (error) {
      result.status = 'error';
      const prefix =
        { denied: 'access denied: ', throttled: 'throttled beyond the retry budget: ' }[kind as string] ?? '';
      result.error = `${prefix}${messageOf(error)}`;
      result.errorSummary = publicErrorOf(error, { kind, provider: connection.provider, iamActions });
      if (kind === 'denied') result.requiredActions = iamActions;
      logger.warn(`Discovery ${connection.id}/${listId} ${region}: ${result.error}`);
    }
    if (outcome.held) {
      result.held = outcome.held;
      if (!error) result.status = 'held';
    }
    if (outcome.invalid.length) result.invalid = outcome.invalid.slice(0, 50);
    return result;
  }

  /**
   * The connection's Datacenter record (created when missing; provider and regions kept up to date). Its provider is
   * the connection's when the Datacenter kind knows it (aws, openstack, azure, gcp, …) and `other` for a provider a
   * module added under another id: the record is validated like any other write.
   */
  async #ensureDatacenter(connection: ResolvedConnection, runId: string) {
    await this.#writeDatacenter(connection, `run ${runId}`, {});
  }

  /**
   * Sets the Datacenter's `instances` to the number of its active servers (any source: discovered or entered by
   * hand, ref written in full or as the bare name), after a run of a list that listed servers or removed records,
   * once the run's records are written. An unchanged count writes nothing (no history entry). The scheduler runs
   * each list once across replicas, and only the server list counts in practice, so two counts of one connection
   * do not race; a count that another connection's run made stale is corrected by its next run.
   */
  async #countInstances(connection: ResolvedConnection, listId: string, runId: string) {
    const name = connection.datacenter;
    const instances = await this.#deps.writer.countActiveRecords({
      kind: 'Server',
      specField: 'datacenter',
      values: [`datacenter:default/${name}`, `datacenter:${name}`, name],
    });
    await this.#writeDatacenter(connection, `servers counted after ${listId} run ${runId}`, { instances });
  }

  async #writeDatacenter(connection: ResolvedConnection, reason: string, extra: { instances?: number }) {
    const provider = (DATACENTER_PROVIDERS as readonly string[]).includes(connection.provider)
      ? connection.provider
      : 'other';
    await this.#deps.writer.upsertRecords(
      [
        {
          kind: 'Datacenter',
          name: connection.datacenter,
          ...(connection.title ? { title: connection.title } : {}),
          owner: connection.owner,
          spec: { provider, regions: connection.regions, ...extra },
          mergeFields: ['provider', 'regions', ...Object.keys(extra)],
        },
      ],
      { actor: `maestro:discovery/${connection.id}`, source: `discovery/${connection.id}`, reason },
    );
  }
}
