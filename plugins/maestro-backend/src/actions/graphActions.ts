import { InputError, NotFoundError } from '@backstage/errors';
import { maestroGraphReadPermission } from '@maestro/plugin-maestro-common';
import { graphOfView } from '../graphs/generateGraphView';
import { nodeImpact, whatBreaksIfServerFails } from '../graphs/impact';
import { ActionGroup, pageOf, READ_ONLY, readInput, requirePermissions, savedIdOf, Zod } from './actionSupport';

const impactItems = (z: Zod) => z.array(z.object({ key: z.string(), kind: z.string(), depth: z.number() }));

/**
 * The business graph actions, with `maestro.graph.read` like `GET /graphs` and `GET /graphs/:id/impact`: the saved
 * graphs, and the impact of a node of one (who depends on it, what it needs; or what breaks if a server fails).
 */
export const registerGraphActions: ActionGroup = (registry, options) => {
  const { graphs } = options;

  registry.register({
    name: 'list-graphs',
    title: 'List saved Maestro business graphs',
    description:
      'Lists the saved business graphs (applications with their dependencies, infrastructure, systems and clients): ' +
      'their id, name, entry, node and edge counts. A graph is what `get-node-impact` analyses.',
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          offset: z.number().optional().describe('Graphs to skip (default 0).'),
          limit: z.number().optional().describe('Graphs per page, 1 to 500 (default 50).'),
        }),
      output: z =>
        z.object({
          items: z.array(
            z.object({
              id: z.string(),
              name: z.string(),
              description: z.string().optional(),
              entry: z.unknown(),
              status: z.string(),
              nodeCount: z.number(),
              edgeCount: z.number(),
              asOf: z.string().optional(),
              generatedAt: z.string(),
              updatedAt: z.string(),
            }),
          ),
          totalCount: z.number(),
        }),
    },
    action: async ({ input, credentials }) => {
      await requirePermissions(options, credentials, maestroGraphReadPermission);
      const { offset, limit } = pageOf(readInput(input), 500);
      return { output: await graphs.list({ offset, limit }) };
    },
  });

  registry.register({
    name: 'get-node-impact',
    title: 'Get the impact of a node of a Maestro business graph',
    description: [
      'Analyses a node of a saved business graph (its last generation). By default: `upstream`, everything that',
      'depends on the node (what is affected if it fails), and `downstream`, everything it needs, each with its',
      'distance. With `serverFailure`, the node must be a server: the applications, infrastructure, systems and',
      'clients that stop working if it fails.',
    ].join(' '),
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          graph: z.string().describe('The saved graph: its id or its name (see `list-graphs`).'),
          node: z
            .string()
            .describe(
              'The key of a node of the graph: an entity ref such as component:default/web or server:default/db1.',
            ),
          serverFailure: z.boolean().optional().describe('Answer what breaks if this server fails (default false).'),
        }),
      output: z =>
        z.object({
          graph: z.object({ id: z.string(), name: z.string(), generatedAt: z.string() }),
          key: z.string().optional(),
          upstream: impactItems(z).optional(),
          downstream: impactItems(z).optional(),
          server: z.string().optional(),
          applications: impactItems(z).optional(),
          infrastructure: impactItems(z).optional(),
          systems: impactItems(z).optional(),
          clients: impactItems(z).optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      await requirePermissions(options, credentials, maestroGraphReadPermission);
      const q = readInput(input);
      const graphName = q.string('graph');
      const node = q.string('node')?.toLocaleLowerCase('en-US');
      if (!graphName) throw new InputError('graph: is required (the id or name of a saved graph)');
      if (!node) throw new InputError('node: is required (the key of a node of the graph, e.g. component:default/web)');
      const graph = await graphs.get(await savedIdOf(graphs, graphName, 'graph'));
      if (!graph.view) throw new NotFoundError(`graph ${graph.id} has no generated view`);
      const built = graphOfView(graph.view);
      let impact;
      try {
        impact = q.boolean('serverFailure') ? whatBreaksIfServerFails(built, node) : nodeImpact(built, node);
      } catch (error) {
        // the analyses name their own parameter (`server`); the action's is `node`
        if (error instanceof InputError) throw new InputError(error.message.replace(/^server:/, 'node:'));
        throw error;
      }
      return { output: { graph: { id: graph.id, name: graph.name, generatedAt: graph.generatedAt }, ...impact } };
    },
  });
};
