import express from 'express';
import Router from 'express-promise-router';
import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { isDependencyPath, registerDependencyRoutes } from '../dependencies/dependencyRoutes';
import { registerDiscoveryRoutes } from '../discovery/discoveryRoutes';
import type { DiscoveryRuns } from '../discovery/DiscoveryRuns';
import { isGraphPath, registerGraphRoutes } from '../graphs/graphRoutes';
import type { GraphStore } from '../graphs/GraphStore';
import { isGraphSharePath, registerGraphShareRoutes } from '../graphs/graphShareRoutes';
import type { GraphShareStore } from '../graphs/GraphShareStore';
import { registerSharedGraphRoutes, type SharedGraphOptions } from '../graphs/sharedGraphRoutes';
import { savedGraphSource, type SharedGraphSource } from '../graphs/sharedGraphSource';
import { ChangeFeed } from '../history/ChangeFeed';
import { registerChangeFeedRoutes } from '../history/changeFeedRoutes';
import { registerHistoryRoutes } from '../history/historyRoutes';
import { DEFAULT_IMPORT_LIMITS, ImportLimits } from '../import/importLimits';
import { registerImportRoute } from '../import/importRoutes';
import { isJobPath, registerJobRoutes } from '../jobs/jobRoutes';
import type { JobService } from '../jobs/JobService';
import { pathParameterGuard } from '../input/pathParameters';
import { jsonBodyParser } from '../input/requestBody';
import { registerOverviewChartsRoutes } from '../overview/overviewChartsRoutes';
import { InventoryService } from '../records/InventoryService';
import type { InventoryStore } from '../records/InventoryStore';
import { registerOverviewRoutes } from '../records/overviewRoutes';
import { registerRecordRoutes } from '../records/recordRoutes';
import { isReportPath, registerReportRoutes } from '../reports/reportRoutes';
import { registerReportRunJobRoutes } from '../reports/reportRunJobRoutes';
import { registerReportRunRoutes } from '../reports/reportRunRoutes';
import type { ReportCatalog } from '../reports/catalogRecordSource';
import type { ReportRuns } from '../reports/ReportRuns';
import type { ReportStore } from '../reports/ReportStore';
import type { EventRules } from '../rules/EventRules';
import { isRulePath, registerRuleRoutes } from '../rules/ruleRoutes';
import { openApiSpec } from '../schema/openapi';
import { registerSettingsRoutes } from '../settings/settingsRoutes';
import { isSubscriptionPath, registerSubscriptionRoutes } from '../subscriptions/subscriptionRoutes';
import type { Subscriptions } from '../subscriptions/Subscriptions';
import type { SettingsStore } from '../settings/SettingsStore';
import { errorMapping, RequestContext } from './RequestContext';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  store: InventoryStore;
  settings: SettingsStore;
  /** Saved report definitions. */
  reports: ReportStore;
  /** Saved business graphs. */
  graphs: GraphStore;
  /** Asynchronous report runs (queued, run once across replicas, files kept); their routes answer 503 without. */
  reportRuns?: ReportRuns;
  /** The one write path for records (default: one over `store`, with `permissions` and `auditor`). */
  inventory?: InventoryService;
  /** Discovery (connections, status, sync); its routes are absent without it. */
  discovery?: DiscoveryRuns;
  /** Limits of `POST /records/import` (`maestro.import.*`). Default: DEFAULT_IMPORT_LIMITS. */
  importLimits?: ImportLimits;
  /**
   * The catalog as the caller, for reports and graphs over the kinds it also holds (default: they read the store
   * only).
   */
  reportCatalog?: (req: express.Request) => Promise<ReportCatalog>;
  /** The change feed's long polls (default: one with the default waiter cap over `store`). */
  changeFeed?: ChangeFeed;
  /** Share links of saved graphs; their routes (and the exports) answer 404 for every graph without. */
  graphShares?: GraphShareStore;
  /** The saved graphs exports and share links show (default: those of `graphs`, live links over `store`). */
  sharedGraphs?: SharedGraphSource;
  /** `maestro.graphs.share.*` (default: DEFAULT_SHARED_GRAPH_OPTIONS). */
  sharedGraphOptions?: SharedGraphOptions;
  /** User-defined and built-in jobs; their routes answer 503 without. */
  jobs?: JobService;
  /** Event rules (matcher, deliveries); their routes are absent without them. */
  rules?: EventRules;
  /** Subscriptions and the caller's ownership refs; their routes are absent without them. */
  subscriptions?: { subscriptions: Subscriptions; userInfo: UserInfoService };
}

const JSON_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

/**
 * The Maestro REST API, mounted at /api/maestro: the routes of each feature on one router, sharing one request
 * context. Its contract is src/schema/openapi.ts, assembled from each feature's paths (served at /openapi.json).
 */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, permissions, auditor, store, settings, reports, graphs } = options;
  const inventory = options.inventory ?? InventoryService.create({ store, permissions, auditor });
  const context = RequestContext.create({ httpAuth, permissions, auditor, inventory });
  const router = Router();
  router.use(pathParameterGuard(Object.keys(openApiSpec.paths)));
  const jsonBody = jsonBodyParser({ limitBytes: JSON_BODY_LIMIT_BYTES });
  // the import route reads its own (larger, streamed) body, and the report, graph, dependency and job routes theirs, after
  // authorizing the caller
  router.use((req, res, next) =>
    req.path === '/records/import' ||
    isReportPath(req.path) ||
    isGraphPath(req.path) ||
    isGraphSharePath(req.path) ||
    isDependencyPath(req.path) ||
    isJobPath(req.path) ||
    isRulePath(req.path) ||
    isSubscriptionPath(req.path)
      ? next()
      : jsonBody(req, res, next),
  );

  if (options.discovery) registerDiscoveryRoutes(router, options.discovery, context);
  const feed = options.changeFeed ?? new ChangeFeed({ store, logger: options.logger });
  registerChangeFeedRoutes(router, { store, feed, context });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiSpec);
  });

  registerOverviewRoutes(router, { store, context });
  registerOverviewChartsRoutes(router, { store, context, catalog: options.reportCatalog });
  registerRecordRoutes(router, { store, inventory, context });
  registerImportRoute(router, { inventory, context, limits: options.importLimits ?? DEFAULT_IMPORT_LIMITS });
  registerHistoryRoutes(router, { store, validator: inventory.validator, context });
  registerSettingsRoutes(router, { settings, context });
  registerReportRoutes(router, { reports, context, readBody: jsonBody });
  // before the run routes: /reports/runs/{runId} is a run, not a report called "runs"
  registerReportRunJobRoutes(router, { reports, runs: options.reportRuns, store, context, readBody: jsonBody });
  registerReportRunRoutes(router, { reports, store, context, catalog: options.reportCatalog });
  registerDependencyRoutes(router, { inventory, store, context, readBody: jsonBody });
  registerGraphRoutes(router, { graphs, store, context, readBody: jsonBody, catalog: options.reportCatalog });
  if (options.graphShares) {
    const saved = options.sharedGraphs ?? savedGraphSource(graphs, store);
    const shares = options.graphShares;
    registerGraphShareRoutes(router, { graphs: saved, shares, context, readBody: jsonBody });
    const logger = options.logger.child({ component: 'graph-shares' });
    registerSharedGraphRoutes(router, { graphs: saved, shares, logger, options: options.sharedGraphOptions });
  }
  registerJobRoutes(router, { jobs: options.jobs, context, readBody: jsonBody });
  if (options.rules) registerRuleRoutes(router, { rules: options.rules, context, readBody: jsonBody });
  if (options.subscriptions) {
    registerSubscriptionRoutes(router, { ...options.subscriptions, store, context, readBody: jsonBody });
  }
  router.use(errorMapping());
  return router;
}
