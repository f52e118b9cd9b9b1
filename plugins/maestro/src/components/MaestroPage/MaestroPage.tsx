import { Link as RouterLink, Navigate, Route, Routes, useLocation, useParams } from 'react-router-dom';
import { Content, Header, HeaderTabs, Page, WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { maestroPaths, MaestroPathsProvider } from '../../shared/paths';
import { DependencyMakerPage, MakerGraphPane } from '../DependencyMaker';
import { DiscoveryPage } from '../DiscoveryPage';
import { GraphPage } from '../GraphPage';
import { GraphForm, GraphsPage } from '../GraphsPage';
import { HistoryPage } from '../HistoryPage';
import { JobForm } from '../JobForm';
import { JobPage } from '../JobPage';
import { JobsPage } from '../JobsPage';
import { KindInventoryPage } from '../InventoryPage';
import { Overview } from '../Overview';
import { ReportForm } from '../ReportForm';
import { ReportResultPage } from '../ReportResult';
import { ReportsPage } from '../ReportsPage';
import { RuleForm } from '../RuleForm';
import { RulePage } from '../RulePage';
import { RulesPage } from '../RulesPage';
import { SettingsPage } from '../SettingsPage';

/**
 * Where the Maestro page is mounted: the location without the part its own routes match (`/maestro/` for
 * `/maestro/inventory/server`), whichever relative-path behaviour the app's router has.
 */
function useBasePath(): string {
  const { pathname } = useLocation();
  const rest = useParams()['*'];
  // not under a splat route: the routes below match the whole path
  if (rest === undefined) return '/';
  const trim = (path: string) => path.replace(/\/+$/, '');
  const segments = trim(pathname).split('/');
  const restCount = trim(rest) === '' ? 0 : trim(rest).split('/').length;
  const base = segments.slice(0, segments.length - restCount).join('/');
  return base.endsWith('/') ? base : `${base}/`;
}

const TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'inventory', label: 'Inventory' },
  { id: 'history', label: 'History' },
  { id: 'reports', label: 'Reports' },
  { id: 'graphs', label: 'Graphs' },
  { id: 'dependencies', label: 'Dependency maker' },
  { id: 'discovery', label: 'Discovery' },
  { id: 'jobs', label: 'Jobs' },
  { id: 'settings', label: 'Settings' },
];

function NotFound() {
  return (
    <Content>
      <WarningPanel severity="warning" title="No such Maestro page" defaultExpanded>
        <Typography>
          Use the tabs above: overview, inventory, history, reports, graphs, dependency maker, discovery, jobs or
          settings.
        </Typography>
      </WarningPanel>
    </Content>
  );
}

/**
 * The Maestro page and its sub-pages (relative routes): the overview (`/`), the inventory of a kind
 * (`inventory/:kind`), the global history (`history`), the saved reports (`reports`, a new one's form at `reports/new`,
 * one's form at `reports/:id/edit` and its result at `reports/:id`), the business graphs (`graphs`, a new one's
 * form at `graphs/new`, one graph at `graphs/:id`), the dependency maker (`dependencies`), the discovery connections
 * (`discovery`, and one of them at `discovery/:id`), the jobs (`jobs`, a new one's form at `jobs/new`, one job and
 * its run log at `jobs/:id`, its form at `jobs/:id/edit`), the event rules (`jobs/rules`, `jobs/rules/new`, one
 * rule and its deliveries at `jobs/rules/:id`, its form at `jobs/rules/:id/edit`) and the settings (`settings`).
 * @public
 */
export function MaestroPage() {
  const base = useBasePath();
  const paths = maestroPaths(base);
  const { pathname } = useLocation();
  const section = pathname.startsWith(base) ? pathname.slice(base.length).split('/')[0] : '';
  const selected = Math.max(
    0,
    TABS.findIndex(t => t.id === section),
  );
  const targets: Record<string, string> = {
    overview: paths.overview,
    inventory: paths.inventory('Server'),
    history: paths.history,
    reports: paths.reports,
    graphs: paths.graphs,
    dependencies: paths.dependencies(),
    discovery: paths.discovery,
    jobs: paths.jobs,
    settings: paths.settings,
  };

  return (
    <MaestroPathsProvider base={base}>
      <Page themeId="tool">
        <Header title="Maestro" subtitle="Multi-cloud infrastructure inventory" />
        <HeaderTabs
          selectedIndex={selected}
          tabs={TABS.map(tab => ({
            id: tab.id,
            label: tab.label,
            tabProps: { component: RouterLink, to: targets[tab.id] } as any,
          }))}
        />
        <Routes>
          <Route path="/" element={<Overview />} />
          <Route path="inventory" element={<Navigate to={paths.inventory('Server')} replace />} />
          <Route path="inventory/:kind" element={<KindInventoryPage />} />
          <Route path="history" element={<HistoryPage />} />
          <Route path="reports" element={<ReportsPage />} />
          <Route path="reports/new" element={<ReportForm />} />
          <Route path="reports/:id/edit" element={<ReportForm />} />
          <Route path="reports/:id" element={<ReportResultPage />} />
          <Route path="graphs" element={<GraphsPage />} />
          <Route path="graphs/new" element={<GraphForm />} />
          <Route path="graphs/:id" element={<GraphPage />} />
          <Route
            path="dependencies"
            element={
              <DependencyMakerPage
                renderGraphPane={(view, onAdd) => <MakerGraphPane {...view} onAddDependency={onAdd} />}
              />
            }
          />
          <Route path="discovery" element={<DiscoveryPage />} />
          <Route path="discovery/:id" element={<DiscoveryPage />} />
          <Route path="jobs" element={<JobsPage />} />
          <Route path="jobs/new" element={<JobForm />} />
          <Route path="jobs/rules" element={<RulesPage />} />
          <Route path="jobs/rules/new" element={<RuleForm />} />
          <Route path="jobs/rules/:id" element={<RulePage />} />
          <Route path="jobs/rules/:id/edit" element={<RuleForm />} />
          <Route path="jobs/:id" element={<JobPage />} />
          <Route path="jobs/:id/edit" element={<JobForm />} />
          <Route path="settings" element={<SettingsPage />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Page>
    </MaestroPathsProvider>
  );
}
