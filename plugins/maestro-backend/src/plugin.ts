import { type BackstageCredentials, coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { CatalogClient } from '@backstage/catalog-client';
import {
  maestroInventoryDeletePermission,
  maestroInventoryUpdatePermission,
  maestroPermissions,
} from '@maestro/plugin-maestro-common';
import { applyMigrations } from './database/migrations';
import { KnexInventoryStore } from './records/KnexInventoryStore';
import { InventoryService } from './records/InventoryService';
import { DemoInventory } from './demo/DemoInventory';
import { HistoryRetention } from './history/HistoryRetention';
import { maestroRecordResourceRef, maestroRecordRules } from './permissions/rules';
import { ReportRuns, runRetentionFromConfig } from './reports/ReportRuns';
import { ReportStore } from './reports/ReportStore';
import { GraphStore } from './graphs/GraphStore';
import { createRouter } from './service/router';
import { SettingsStore } from './settings/SettingsStore';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { type DiscoveryDriver, maestroDiscoveryExtensionPoint } from '@maestro/plugin-maestro-node';
import { AwsDriver } from './discovery/aws/AwsDriver';
import { OpenStackDriver } from './discovery/openstack/OpenStackDriver';
import { ConnectionStore } from './discovery/ConnectionStore';
import { DiscoveryRuns, discoveryOptionsFromConfig } from './discovery/DiscoveryRuns';
import { discoveryProviders } from './discovery/providers';
import { Reconciler } from './discovery/Reconciler';
import type { DiscoveryRecordWriter } from './discovery/RecordWriter';
import { JobRunner } from './jobs';
import { BuiltInDiscoveryJobs, DiscoveryJobLog } from './jobs/BuiltInDiscoveryJobs';
import { JobScheduler } from './jobs/JobScheduler';
import { JobService } from './jobs/JobService';
import { jobsOptionsFromConfig } from './jobs/jobsOptions';
import { DiscoveryJobRunner } from './jobs/runners/DiscoveryJobRunner';
import { HistoryRetentionJobRunner } from './jobs/runners/HistoryRetentionJobRunner';
import { ReportJobRunner } from './jobs/runners/ReportJobRunner';
import { WebhookJobRunner } from './jobs/runners/WebhookJobRunner';
import { EgressPolicy } from './egress/EgressPolicy';
import { SecretBox } from './discovery/SecretBox';
import { WebhookSender } from './webhooks';
import { RecordValidator } from './records/RecordValidator';
import { importLimitsFromConfig } from './import/importLimits';
import { SecretReseal } from './discovery/SecretReseal';
import { ChangeFeed } from './history/ChangeFeed';
import { GraphShareStore } from './graphs/GraphShareStore';
import { sharedGraphOptionsFromConfig } from './graphs/sharedGraphRoutes';
import { sharedGraphSourceServiceRef } from './graphs/sharedGraphSource';
import { EventRules } from './rules/EventRules';
import { rulesOptionsFromConfig } from './rules/rulesOptions';
import { ruleWebhooks } from './rules/ruleWebhooks';
import { resealRuleSecrets } from './rules/ruleSecretReseal';
import { resealJobSecrets } from './jobs/jobSecretReseal';
import { Subscriptions } from './subscriptions/Subscriptions';
import { subscriptionsOptionsFromConfig } from './subscriptions/subscriptionsOptions';
import { registerMaestroActions } from './actions';

/**
 * The Maestro backend plugin: inventory store, REST API at /api/maestro, permissions and history.
 * @public
 */
export const maestroPlugin = createBackendPlugin({
  pluginId: 'maestro',
  register(env) {
    const extraConnections: Array<Record<string, unknown>> = [];
    const extraDrivers: DiscoveryDriver[] = [];
    env.registerExtensionPoint(maestroDiscoveryExtensionPoint, {
      addConnection: definition => extraConnections.push(definition),
      addDriver: driver => extraDrivers.push(driver),
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        discoveryService: coreServices.discovery,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        signals: signalsServiceRef,
        notifications: notificationService,
        sharedGraphs: sharedGraphSourceServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        httpAuth,
        userInfo,
        auth,
        discoveryService,
        permissions,
        permissionsRegistry,
        auditor,
        scheduler,
        lifecycle,
        signals,
        notifications,
        sharedGraphs,
        actionsRegistry,
      }) {
        permissionsRegistry.addPermissions(maestroPermissions);
        // every table of every feature, once, before any store exists
        const db = await applyMigrations(database);
        const store = await KnexInventoryStore.create({ database });
        // one validator (the kinds' compiled schemas) for the write path and the reconciler's own check
        const validator = RecordValidator.create();
        const inventory = InventoryService.create({ store, permissions, auditor, validator });
        const changeFeed = ChangeFeed.fromConfig(config, { store, logger: logger.child({ component: 'change-feed' }) });
        lifecycle.addShutdownHook(() => changeFeed.stop());
        // conditional decisions on records (e.g. "owned by one of my groups") are evaluated against the store
        permissionsRegistry.addResourceType({
          resourceRef: maestroRecordResourceRef,
          permissions: [maestroInventoryUpdatePermission, maestroInventoryDeletePermission],
          rules: Object.values(maestroRecordRules),
          getResources: ids => Promise.all(ids.map(id => store.getRecord(id))),
        });
        await DemoInventory.fromConfig(config, { store, inventory, logger }).seedIfEmpty();
        // scheduled work (discovery runs, report runs, the secret re-seal, the jobs' dispatcher): tasks on the
        // Backstage scheduler
        const jobs = new JobRunner({ scheduler, logger: logger.child({ component: 'jobs' }) });
        const settings = await SettingsStore.create({ database });
        const reports = await ReportStore.create({ database });
        const graphs = await GraphStore.create({ database });
        // asynchronous report runs: queued in the database, run once across replicas, files kept for the retention
        const reportRuns = new ReportRuns({
          db,
          inventory: store,
          jobs,
          logger: logger.child({ component: 'report-runs' }),
          signals,
          notifications,
          options: { retentionMs: runRetentionFromConfig(config) },
        });
        await reportRuns.start();
        lifecycle.addShutdownHook(() => reportRuns.stop());

        // subscriptions: every replica matches the change feed from its durable cursor and sends what is due; the
        // daily digest is a global job; discovery tells them of lists that start failing
        const subscriptions = new Subscriptions({
          db,
          store,
          logger: logger.child({ component: 'subscriptions' }),
          notifications,
          options: subscriptionsOptionsFromConfig(config),
        });
        await subscriptions.start(jobs);
        lifecycle.addShutdownHook(() => subscriptions.stop());

        const drivers = discoveryProviders([new AwsDriver({ config }), new OpenStackDriver({ config })], extraDrivers);
        // every discovery run is also logged as a run of its list's built-in job (the Jobs page)
        const discoveryJobLog = new DiscoveryJobLog(db);
        // discovery writes records through the inventory service, like every other writer (validated, audited)
        const recordWriter: DiscoveryRecordWriter = inventory;
        const discovery = new DiscoveryRuns({
          db,
          writer: recordWriter,
          connections: new ConnectionStore({ db, config, drivers, extra: extraConnections }),
          drivers,
          reconciler: new Reconciler({ db, writer: recordWriter, validator }),
          jobs,
          logger: logger.child({ component: 'discovery' }),
          signals,
          notifications,
          options: discoveryOptionsFromConfig(config),
          runLog: discoveryJobLog,
          onFailing: failure => subscriptions.discoveryFailing(failure),
        });
        await discovery.start();
        // key rotation: with several maestro.discovery.encryptionKeys, stored secrets move to the first one
        // (and the webhook secrets of jobs and event rules, sealed with the same keys)
        await SecretReseal.scheduleFromConfig(config, {
          db,
          jobs,
          logger: logger.child({ component: 'discovery' }),
          sources: [resealJobSecrets, resealRuleSecrets],
        });
        lifecycle.addShutdownHook(() => discovery.stop());

        // user-defined jobs (webhook, discovery, report) and the built-in history retention: dispatched once across
        // replicas, run by workers on every replica (src/jobs/JobScheduler.ts)
        const now = () => jobs.now();
        const policy = EgressPolicy.fromConfig(config);
        const box = SecretBox.fromConfig(config);
        const webhooks = new WebhookSender({ policy });
        lifecycle.addShutdownHook(() => webhooks.close());
        const retention = new HistoryRetentionJobRunner({
          retention: HistoryRetention.fromConfig(config, { store, logger }),
          now,
        });
        const jobScheduler = new JobScheduler({
          db,
          runner: jobs,
          types: [
            new WebhookJobRunner({ caller: webhooks, policy, box, now }),
            new DiscoveryJobRunner({ discovery }),
            new ReportJobRunner({ reports, runs: reportRuns, caller: webhooks, policy, box, notifications, now }),
            retention,
          ],
          logger: logger.child({ component: 'jobs' }),
          auditor,
          notifications,
          signals,
          options: jobsOptionsFromConfig(config),
        });
        await retention.ensure(jobScheduler.jobs);
        await jobScheduler.start();
        lifecycle.addShutdownHook(() => jobScheduler.stop());
        const jobService = new JobService({
          scheduler: jobScheduler,
          discoveryJobs: new BuiltInDiscoveryJobs({ discovery, log: discoveryJobLog, now }),
        });
        // event rules: every replica matches the change feed from the durable cursor and delivers what is due
        const rules = new EventRules({
          db,
          store,
          logger: logger.child({ component: 'event-rules' }),
          auditor,
          notifications,
          webhooks: ruleWebhooks({ policy, box, caller: webhooks }),
          // the "start a job" action
          jobs: jobService,
          options: rulesOptionsFromConfig(config),
        });
        await rules.start(jobs);
        lifecycle.addShutdownHook(() => rules.stop());

        // reports read the catalog's own entities (git-defined applications, systems) as the caller, so the
        // catalog's permission rules decide which of them a report shows
        const catalogClient = new CatalogClient({ discoveryApi: discoveryService });
        const catalogAs =
          config.getOptionalBoolean('maestro.reports.catalogEntities') === false
            ? undefined
            : async (credentials: BackstageCredentials) => {
                const { token } = await auth.getPluginRequestToken({
                  onBehalfOf: credentials,
                  targetPluginId: 'catalog',
                });
                return { api: catalogClient, token };
              };
        const reportCatalog =
          catalogAs &&
          (async (req: Parameters<typeof httpAuth.credentials>[0]) => catalogAs(await httpAuth.credentials(req)));

        // actions for AI assistants (served over MCP by @backstage/plugin-mcp-actions-backend): read-only, checked
        // like the REST routes, through the same stores
        registerMaestroActions(actionsRegistry, {
          store,
          validator,
          reports,
          graphs,
          permissions,
          auditor,
          catalog: catalogAs,
        });

        httpRouter.use(
          await createRouter({
            logger,
            httpAuth,
            permissions,
            auditor,
            store,
            inventory,
            settings,
            reports,
            graphs,
            reportRuns,
            discovery,
            importLimits: importLimitsFromConfig(config),
            changeFeed,
            reportCatalog,
            // share links: their tokens are looked up in the database on every request (revocation is immediate)
            graphShares: GraphShareStore.fromKnex(db),
            sharedGraphs: sharedGraphs.source,
            sharedGraphOptions: sharedGraphOptionsFromConfig(config),
            jobs: jobService,
            rules,
            subscriptions: { subscriptions, userInfo },
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        httpRouter.addAuthPolicy({ path: '/openapi.json', allow: 'unauthenticated' });
        // share links: the token is the credential (see docs/security.md); nothing else is served under /shared
        httpRouter.addAuthPolicy({ path: '/shared', allow: 'unauthenticated' });
      },
    });
  },
});
