import { useCallback, useEffect, useState } from 'react';
import { Link as RouterLink, useParams, useSearchParams } from 'react-router-dom';
import { Content, ContentHeader, Progress, ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import {
  REPORT_EXPORT_FORMATS,
  ReportChart,
  ReportExportFormat,
  ReportKindFields,
  SavedReport,
} from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Menu from '@material-ui/core/Menu';
import MenuItem from '@material-ui/core/MenuItem';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { maestroApiRef } from '../../api';
import { describeApiError } from '../../shared/apiErrors';
import { useMaestroPaths } from '../../shared/paths';
import { saveFile } from '../../shared/saveFile';
import { useLatestRequest } from '../../shared/useLatestRequest';
import { localToIso } from '../ReportForm/filterDrafts';
import { ReportCharts } from '../ReportCharts';
import { ReportCompare } from './ReportCompare';
import { ReportInfo } from './ReportInfo';
import { ReportRunsPanel } from './ReportRunsPanel';
import { ReportTrend } from './ReportTrend';
import { ReportRun, ResultTable } from './ResultTable';
import { RunInBackground } from './RunInBackground';
import { useReportRuns } from './useReportRuns';

const TABS = ['Table', 'Charts', 'Trend', 'Info', 'Compare', 'Runs'] as const;
type TabName = (typeof TABS)[number];
const NO_KINDS: ReportKindFields[] = [];

/** The charts of the whole result (a one-row page with `charts=true`), drawn when the Charts tab opens. */
function ChartsTab(props: { reportId: string; asOf?: string }) {
  const api = useApi(maestroApiRef);
  const { reportId, asOf } = props;
  const { value, loading, error } = useLatestRequest(`${reportId} ${asOf}`, signal =>
    api.getReportResults(reportId, { offset: 0, limit: 1, charts: true, asOf }, { signal }),
  );
  if (error) return <ResponseErrorPanel error={error} />;
  if (loading && !value) return <Progress />;
  const charts: ReportChart[] = value?.charts ?? [];
  if (!value?.charts) return <Typography>This report type has no automatic charts.</Typography>;
  return <ReportCharts charts={charts} />;
}

/** The Export menu: every format; the file is fetched with the user's token and saved. */
function ExportMenu(props: { reportId: string; asOf?: string; onError: (message?: string) => void }) {
  const api = useApi(maestroApiRef);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [busy, setBusy] = useState(false);
  const download = async (format: ReportExportFormat) => {
    setAnchor(null);
    setBusy(true);
    props.onError(undefined);
    try {
      const file = await api.exportReport(props.reportId, { format, ...(props.asOf ? { asOf: props.asOf } : {}) });
      saveFile(file.blob, file.fileName);
    } catch (e) {
      props.onError(`${format.toUpperCase()} export failed: ${describeApiError(e).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant="outlined" onClick={e => setAnchor(e.currentTarget)} disabled={busy}>
        {busy ? 'Exporting…' : 'Export'}
      </Button>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)} keepMounted>
        {REPORT_EXPORT_FORMATS.map(format => (
          <MenuItem key={format} onClick={() => download(format)}>
            {format.toUpperCase()}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}

/**
 * A saved report's result (`reports/:id`): sub-tabs Table (server-side pages), Charts, Trend (single reports), Info,
 * Compare and Runs (background runs; `?run=<runId>`, the link of a run's notification, opens it on that run); an
 * "as of" time (empty: now) that every tab, the export and a background run use; an Export menu with every format,
 * "Run in background…", and a link to edit.
 */
export function ReportResultPage() {
  const api = useApi(maestroApiRef);
  const identityApi = useApi(identityApiRef);
  const paths = useMaestroPaths();
  const { id = '' } = useParams();
  const [report, setReport] = useState<SavedReport>();
  const [kinds, setKinds] = useState<ReportKindFields[]>();
  const [loadError, setLoadError] = useState<Error>();
  const [searchParams, setSearchParams] = useSearchParams();
  const highlightedRun = searchParams.get('run') ?? undefined;
  const [tab, setTab] = useState<TabName>(highlightedRun ? 'Runs' : 'Table');
  const runs = useReportRuns(id);
  const [asOfInput, setAsOfInput] = useState('');
  const [run, setRun] = useState<ReportRun>();
  const [user, setUser] = useState<string>();
  const [exportError, setExportError] = useState<string>();

  useEffect(() => {
    let live = true;
    Promise.all([api.getReport(id), api.getReportFields()])
      .then(([r, f]) => {
        if (!live) return;
        setReport(r);
        setKinds(f.kinds);
      })
      .catch(e => live && setLoadError(e));
    identityApi
      .getBackstageIdentity()
      .then(identity => live && setUser(identity.userEntityRef))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, identityApi, id]);
  const onRun = useCallback((r: ReportRun) => setRun(r), []);
  const { refresh: refreshRuns } = runs;
  const onRunStarted = useCallback(
    (started: { id: string }) => {
      setSearchParams({ run: started.id }, { replace: true });
      setTab('Runs');
      refreshRuns();
    },
    [setSearchParams, refreshRuns],
  );

  if (loadError) {
    return (
      <Content>
        <ResponseErrorPanel error={loadError} />
      </Content>
    );
  }
  // the table asks for its first page at once; the definition and the fields arrive beside it
  const asOf = asOfInput ? localToIso(asOfInput) : undefined;
  const definition = report?.definition;
  let subtitle = '';
  if (definition) {
    subtitle =
      definition.type === 'pivot'
        ? `pivot: ${definition.hops.map(h => h.kind).join(' → ')}`
        : `single: ${definition.kind}`;
  }

  return (
    <Content>
      <ContentHeader title={report?.name ?? 'Report'} description={subtitle}>
        <Box display="flex" alignItems="center">
          <TextField
            id="report-as-of"
            label="As of (empty: now)"
            type="datetime-local"
            value={asOfInput}
            InputLabelProps={{ shrink: true }}
            onChange={e => setAsOfInput(e.target.value)}
            style={{ marginRight: 8 }}
          />
          <ExportMenu reportId={id} asOf={asOf} onError={setExportError} />
          <RunInBackground reportId={id} asOf={asOf} onStarted={onRunStarted} />
          <Button component={RouterLink} to={paths.editReport(id)} style={{ marginLeft: 8 }}>
            Edit
          </Button>
        </Box>
      </ContentHeader>
      {exportError && (
        <WarningPanel severity="error" title="Export failed" defaultExpanded>
          <Typography>{exportError}</Typography>
        </WarningPanel>
      )}
      <Tabs value={tab} onChange={(_, t) => setTab(t)} indicatorColor="primary" textColor="primary">
        {TABS.map(label =>
          label === 'Trend' && definition?.type === 'pivot' ? (
            <Tab key={label} value={label} label="Trend (not for pivots)" disabled />
          ) : (
            <Tab key={label} value={label} label={label} />
          ),
        )}
      </Tabs>
      <Box mt={2}>
        {/* the table stays mounted (hidden) so its page, sort and filters survive a look at the other tabs */}
        <Box hidden={tab !== 'Table'}>
          <ResultTable reportId={id} kinds={kinds ?? NO_KINDS} asOf={asOf} onRun={onRun} />
        </Box>
        {tab === 'Charts' && <ChartsTab reportId={id} asOf={asOf} />}
        {tab === 'Trend' &&
          (definition?.type === 'single' && kinds ? (
            <ReportTrend reportId={id} fields={kinds.find(k => k.kind === definition.kind)?.fields ?? []} />
          ) : (
            <Progress />
          ))}
        {tab === 'Info' && (report ? <ReportInfo report={report} run={run} user={user} /> : <Progress />)}
        {tab === 'Compare' && (definition ? <ReportCompare reportId={id} type={definition.type} /> : <Progress />)}
        {tab === 'Runs' && <ReportRunsPanel runs={runs} highlight={highlightedRun} />}
      </Box>
    </Content>
  );
}
