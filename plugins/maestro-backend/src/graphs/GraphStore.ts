import { randomUUID } from 'node:crypto';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { GraphView, SavedGraph, SavedGraphSummary } from '@maestro/plugin-maestro-common';
import type { Knex } from 'knex';
import { shownName } from '../input/forbiddenKeys';
import type { ValidGraphDefinition } from './graphDefinition';

type Row = {
  id: string;
  name: string;
  description: string | null;
  definition: string;
  status: string;
  error: string | null;
  node_count: number;
  edge_count: number;
  view: string | null;
  as_of: string | null;
  generated_at: string;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  version: number;
};

/** How a generation went: its view, or why it failed (then the graph keeps its previous view). */
export type GraphGeneration = { view: GraphView } | { error: string; at: string };

const TABLE = 'maestro_graphs';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Every column but the view: what the list reads. */
const SUMMARY_COLUMNS = [
  'id',
  'name',
  'description',
  'definition',
  'status',
  'error',
  'node_count',
  'edge_count',
  'as_of',
  'generated_at',
  'created_by',
  'created_at',
  'updated_by',
  'updated_at',
  'version',
];

/** The columns a generation sets. */
function generationColumns(generation: GraphGeneration): Partial<Row> {
  if ('error' in generation)
    return { status: 'failed', error: generation.error.slice(0, 4000), generated_at: generation.at };
  const { view } = generation;
  return {
    status: 'ready',
    error: null,
    node_count: view.nodes.length,
    edge_count: view.edges.length,
    view: JSON.stringify(view),
    as_of: view.asOf ?? null,
    generated_at: view.generatedAt,
  };
}

/**
 * Saved business graphs (`maestro_graphs`): validated definitions with their last generation (status, counts and
 * the whole view as JSON text), authors, times and an optimistic-concurrency version; every write moves the
 * version. A failed generation keeps the previous view and counts. Deletes are hard. The list never reads views.
 * Uses the plugin's database; its table comes from the plugin's migrations (applyMigrations).
 */
export class GraphStore {
  readonly #db: Knex;

  static async create(options: { database: DatabaseService }): Promise<GraphStore> {
    return new GraphStore(await options.database.getClient());
  }

  static fromKnex(db: Knex): GraphStore {
    return new GraphStore(db);
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  /** Saved graphs without their views, last changed first (then by id, for a stable order), a page at a time. */
  async list(options: { offset: number; limit: number }): Promise<{ items: SavedGraphSummary[]; totalCount: number }> {
    const [rows, [{ count }]] = await Promise.all([
      this.#db<Row>(TABLE)
        .select<Array<Omit<Row, 'view'>>>(SUMMARY_COLUMNS)
        .orderBy([
          { column: 'updated_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .offset(options.offset)
        .limit(options.limit),
      this.#db(TABLE).count({ count: '*' }),
    ]);
    return { items: rows.map(row => toSummary(row)), totalCount: Number(count) };
  }

  /** A saved graph with its last view; 404 naming the id otherwise. */
  async get(id: string): Promise<SavedGraph> {
    return toGraph(await this.#row(this.#db, id));
  }

  /** Saves a new graph (version 1) with its first generation, which must have succeeded. */
  async create(definition: ValidGraphDefinition, view: GraphView, actor: string): Promise<SavedGraph> {
    const now = new Date().toISOString();
    const row = {
      id: randomUUID(),
      name: definition.name,
      description: definition.description ?? null,
      definition: JSON.stringify(definition),
      ...generationColumns({ view }),
      created_by: actor,
      created_at: now,
      updated_by: actor,
      updated_at: now,
      version: 1,
    } as Row;
    await this.#db(TABLE).insert(row);
    return toGraph(row);
  }

  /** A graph's version now: a 404 naming the id, or a 409 when it is not `version` (checked before generating). */
  async assertVersion(id: string, version: number): Promise<void> {
    assertVersion(await this.#row(this.#db, id), version);
  }

  /** Replaces a graph's definition and view, given the version read (409 when stale, 404 when gone). */
  async update(
    id: string,
    definition: ValidGraphDefinition,
    view: GraphView,
    version: number,
    actor: string,
  ): Promise<SavedGraph> {
    const changes: Partial<Row> = {
      name: definition.name,
      description: definition.description ?? null,
      definition: JSON.stringify(definition),
      ...generationColumns({ view }),
    };
    return this.#write(id, version, changes, actor);
  }

  /**
   * Saves a regeneration of the graph whose version was `version` when the generation started: a 409 if the graph
   * changed meanwhile (the generation may show an old definition), a 404 if it was deleted.
   */
  async saveGeneration(id: string, version: number, generation: GraphGeneration, actor: string): Promise<SavedGraph> {
    return this.#write(id, version, generationColumns(generation), actor);
  }

  /** Deletes a graph for good (given the version read, when the caller gives one); its version when deleted. */
  async delete(id: string, version?: number): Promise<{ version: number }> {
    return this.#db.transaction(async tx => {
      const current = await this.#row(tx, id);
      if (version !== undefined) assertVersion(current, version);
      const count = await tx(TABLE).where({ id, version: current.version }).delete();
      if (count !== 1) throw new ConflictError(`version: graph ${id} was changed concurrently; reload it`);
      return { version: Number(current.version) };
    });
  }

  async #write(id: string, version: number, changes: Partial<Row>, actor: string): Promise<SavedGraph> {
    return this.#db.transaction(async tx => {
      const current = await this.#row(tx, id);
      assertVersion(current, version);
      const written = { ...changes, updated_by: actor, updated_at: new Date().toISOString(), version: version + 1 };
      const count = await tx(TABLE).where({ id, version }).update(written);
      if (count !== 1) throw new ConflictError(`version: graph ${id} was changed concurrently; reload it`);
      return toGraph({ ...current, ...written });
    });
  }

  async #row(db: Knex, id: string): Promise<Row> {
    // ids are uuids: anything else is no graph (and never reaches the database)
    const row = UUID.test(id) ? await db<Row>(TABLE).where({ id }).first() : undefined;
    if (!row) throw new NotFoundError(`no graph with id ${shownName(id)}`);
    return row;
  }
}

function assertVersion(current: Row, version: number) {
  if (Number(current.version) !== version) {
    throw new ConflictError(`version: graph ${current.id} is at version ${current.version}, not ${version}; reload it`);
  }
}

function toSummary(row: Omit<Row, 'view'>): SavedGraphSummary {
  const definition = JSON.parse(row.definition) as ValidGraphDefinition;
  const summary: SavedGraphSummary = {
    id: row.id,
    name: row.name,
    entry: definition.entry,
    depth: definition.depth,
    layers: definition.layers,
    status: row.status as SavedGraphSummary['status'],
    nodeCount: Number(row.node_count),
    edgeCount: Number(row.edge_count),
    generatedAt: row.generated_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
  if (row.description) summary.description = row.description;
  if (row.error) summary.error = row.error;
  if (row.as_of) summary.asOf = row.as_of;
  return summary;
}

function toGraph(row: Row): SavedGraph {
  const graph: SavedGraph = toSummary(row);
  if (row.view) graph.view = JSON.parse(row.view);
  return graph;
}
