import { ReactNode, useState } from 'react';
import { Content, ContentHeader, InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  DEFAULT_MAESTRO_SETTINGS,
  MaestroSettings,
  MaestroSettingsKey,
  OptionLists,
  ProviderRegions,
  ServiceCatalogEntry,
  SettingValue,
} from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Divider from '@material-ui/core/Divider';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import RefreshIcon from '@material-ui/icons/Refresh';
import HistoryIcon from '@material-ui/icons/History';
import SaveIcon from '@material-ui/icons/Save';
import useAsync from 'react-use/esm/useAsync';
import { maestroApiRef } from '../../api';
import { ChipListEditor, joinList, RowInputs, splitList } from './editors';
import { SettingHistory } from './SettingHistory';
import { useSettingEditor } from './useSettingEditor';

let nextRowKey = 0;
/** A key for a new row of an editable table (React keys must survive edits and removals). */
const rowKey = () => `row-${++nextRowKey}`;

/** Leaves out the properties whose value is an empty string or list. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== '' && !(Array.isArray(v) && v.length === 0)),
  ) as T;
}

/** The frame of a settings section: title, version, the editor, Save and (after a 409) Reload. */
function Section(props: {
  settingKey: MaestroSettingsKey;
  title: string;
  description: string;
  editor: ReturnType<typeof useSettingEditor<any, any>>;
  children: ReactNode;
}) {
  const { editor } = props;
  const { saved, status, working } = editor;
  const [showHistory, setShowHistory] = useState(false);
  const subheader = `${props.description} · version ${editor.version}${
    saved.version === 0 ? ' (defaults, never saved)' : ''
  }${saved.updatedBy ? ` · last saved by ${saved.updatedBy}` : ''}`;
  return (
    <InfoCard title={props.title} subheader={subheader}>
      <Box data-testid={`maestro-settings-${props.settingKey}`}>
        {props.children}
        <Divider style={{ margin: '16px 0' }} />
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <Button
            variant="contained"
            color="primary"
            startIcon={<SaveIcon />}
            onClick={editor.save}
            disabled={working}
          >
            Save
          </Button>
          <Button
            startIcon={<HistoryIcon />}
            onClick={() => setShowHistory(shown => !shown)}
            aria-expanded={showHistory}
          >
            {showHistory ? 'Hide history' : 'History'}
          </Button>
          {status?.stale && (
            <Button startIcon={<RefreshIcon />} onClick={editor.reload} disabled={working}>
              Reload
            </Button>
          )}
          {status && (
            <Typography
              role={status.severity === 'error' ? 'alert' : 'status'}
              color={status.severity === 'error' ? 'error' : 'textSecondary'}
              variant="body2"
            >
              {status.message}
            </Typography>
          )}
        </Box>
        {showHistory && (
          <Box mt={2}>
            <SettingHistory settingKey={props.settingKey} refreshKey={saved.version} />
          </Box>
        )}
      </Box>
    </InfoCard>
  );
}

// ---- services catalog

type ServiceRow = { rowKey: string; name: string; families: string; tags: string };

const servicesToDraft = (value: ServiceCatalogEntry[]): ServiceRow[] =>
  value.map(s => ({ rowKey: rowKey(), name: s.name, families: joinList(s.families), tags: joinList(s.tags) }));

const servicesFromDraft = (rows: ServiceRow[]): ServiceCatalogEntry[] =>
  rows.map(r => compact({ name: r.name.trim(), families: splitList(r.families), tags: splitList(r.tags) }));

function ServicesSection(props: { setting: SettingValue<'services'> }) {
  const editor = useSettingEditor({
    setting: props.setting,
    toDraft: servicesToDraft,
    fromDraft: servicesFromDraft,
  });
  const { draft: rows, setDraft, working } = editor;
  return (
    <Section
      settingKey="services"
      title="Services catalog"
      description="Software that runs on servers, offered when describing a server"
      editor={editor}
    >
      {rows.map((row, i) => (
        <RowInputs
          key={row.rowKey}
          row={row}
          idPrefix={`maestro-service-${i}`}
          fields={[
            { key: 'name', label: 'Name' },
            { key: 'families', label: 'Families (comma-separated)' },
            { key: 'tags', label: 'Tags (comma-separated)' },
          ]}
          disabled={working}
          removeLabel={`Remove service ${row.name || i + 1}`}
          onChange={changed => setDraft(rows.map(r => (r.rowKey === row.rowKey ? changed : r)))}
          onRemove={() => setDraft(rows.filter(r => r.rowKey !== row.rowKey))}
        />
      ))}
      <Button
        startIcon={<AddIcon />}
        onClick={() => setDraft([...rows, { rowKey: rowKey(), name: '', families: '', tags: '' }])}
        disabled={working}
      >
        Add service
      </Button>
    </Section>
  );
}

// ---- option lists

type OsRow = { rowKey: string; base: string; distros: string };
type OptionsDraft = Omit<OptionLists, 'os'> & { os: OsRow[] };

const optionsToDraft = (value: OptionLists): OptionsDraft => ({
  environments: value.environments ?? [],
  roles: value.roles ?? [],
  channels: value.channels ?? [],
  os: (value.os ?? []).map(o => ({ rowKey: rowKey(), base: o.base, distros: joinList(o.distros) })),
});

const optionsFromDraft = (draft: OptionsDraft): OptionLists => ({
  environments: draft.environments,
  roles: draft.roles,
  channels: draft.channels,
  os: draft.os.map(o => compact({ base: o.base.trim(), distros: splitList(o.distros) })),
});

function OptionsSection(props: { setting: SettingValue<'options'> }) {
  const editor = useSettingEditor({
    setting: props.setting,
    toDraft: optionsToDraft,
    fromDraft: optionsFromDraft,
  });
  const { draft, setDraft, working } = editor;
  const list = (key: 'environments' | 'roles' | 'channels', label: string) => (
    <ChipListEditor
      id={`maestro-options-${key}`}
      label={label}
      values={draft[key]}
      disabled={working}
      onChange={values => setDraft({ ...draft, [key]: values })}
    />
  );
  return (
    <Section
      settingKey="options"
      title="Option lists"
      description="Values the forms suggest (people may still type others)"
      editor={editor}
    >
      {list('environments', 'Environments')}
      {list('roles', 'Roles')}
      {list('channels', 'Contact channels')}
      <Typography variant="subtitle2">Operating systems</Typography>
      {draft.os.map((row, i) => (
        <RowInputs
          key={row.rowKey}
          row={row}
          idPrefix={`maestro-os-${i}`}
          fields={[
            { key: 'base', label: 'Base' },
            { key: 'distros', label: 'Distributions (comma-separated)', width: 3 },
          ]}
          disabled={working}
          removeLabel={`Remove OS ${row.base || i + 1}`}
          onChange={changed => setDraft({ ...draft, os: draft.os.map(r => (r.rowKey === row.rowKey ? changed : r)) })}
          onRemove={() => setDraft({ ...draft, os: draft.os.filter(r => r.rowKey !== row.rowKey) })}
        />
      ))}
      <Button
        startIcon={<AddIcon />}
        onClick={() => setDraft({ ...draft, os: [...draft.os, { rowKey: rowKey(), base: '', distros: '' }] })}
        disabled={working}
      >
        Add OS base
      </Button>
    </Section>
  );
}

// ---- regions per provider

type RegionRow = { rowKey: string; id: string; name: string; zones: string };
type ProviderDraft = { rowKey: string; provider: string; regions: RegionRow[] };

const regionsToDraft = (value: ProviderRegions): ProviderDraft[] =>
  Object.entries(value ?? {}).map(([provider, regions]) => ({
    rowKey: rowKey(),
    provider,
    regions: regions.map(r => ({ rowKey: rowKey(), id: r.id, name: r.name ?? '', zones: joinList(r.zones) })),
  }));

const regionsFromDraft = (draft: ProviderDraft[]): ProviderRegions =>
  Object.fromEntries(
    draft.map(p => [
      p.provider.trim(),
      p.regions.map(r => compact({ id: r.id.trim(), name: r.name.trim(), zones: splitList(r.zones) })),
    ]),
  );

function RegionsSection(props: { setting: SettingValue<'regions'> }) {
  const editor = useSettingEditor({
    setting: props.setting,
    toDraft: regionsToDraft,
    fromDraft: regionsFromDraft,
  });
  const { draft: providers, setDraft, working } = editor;
  const [newProvider, setNewProvider] = useState('');
  const setProvider = (key: string, change: (p: ProviderDraft) => ProviderDraft) =>
    setDraft(providers.map(p => (p.rowKey === key ? change(p) : p)));
  const addProvider = () => {
    const name = newProvider.trim();
    if (!name || providers.some(p => p.provider === name)) return;
    setDraft([...providers, { rowKey: rowKey(), provider: name, regions: [] }]);
    setNewProvider('');
  };
  return (
    <Section
      settingKey="regions"
      title="Regions per provider"
      description="Regions and zones offered per provider"
      editor={editor}
    >
      {providers.map(p => (
        <Box key={p.rowKey} mb={2} data-testid={`maestro-regions-${p.provider}`}>
          <Box display="flex" alignItems="center">
            <Typography variant="subtitle1" style={{ flex: 1 }}>
              {p.provider}
            </Typography>
            <IconButton
              aria-label={`Remove provider ${p.provider}`}
              onClick={() => setDraft(providers.filter(x => x.rowKey !== p.rowKey))}
              disabled={working}
              size="small"
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          </Box>
          {p.regions.map((r, i) => (
            <RowInputs
              key={r.rowKey}
              row={r}
              idPrefix={`maestro-region-${p.provider}-${i}`}
              fields={[
                { key: 'id', label: 'Region id' },
                { key: 'name', label: 'Name' },
                { key: 'zones', label: 'Zones (comma-separated)', width: 2 },
              ]}
              disabled={working}
              removeLabel={`Remove region ${r.id || i + 1} of ${p.provider}`}
              onChange={changed =>
                setProvider(p.rowKey, x => ({
                  ...x,
                  regions: x.regions.map(y => (y.rowKey === r.rowKey ? changed : y)),
                }))
              }
              onRemove={() =>
                setProvider(p.rowKey, x => ({ ...x, regions: x.regions.filter(y => y.rowKey !== r.rowKey) }))
              }
            />
          ))}
          <Button
            size="small"
            startIcon={<AddIcon />}
            disabled={working}
            onClick={() =>
              setProvider(p.rowKey, x => ({
                ...x,
                regions: [...x.regions, { rowKey: rowKey(), id: '', name: '', zones: '' }],
              }))
            }
          >
            Add region to {p.provider}
          </Button>
        </Box>
      ))}
      <Box display="flex" alignItems="center">
        <TextField
          id="maestro-regions-new-provider"
          label="New provider"
          value={newProvider}
          onChange={e => setNewProvider(e.target.value)}
          disabled={working}
          variant="outlined"
          margin="dense"
          size="small"
        />
        <Button startIcon={<AddIcon />} onClick={addProvider} disabled={working || !newProvider.trim()} style={{ marginLeft: 8 }}>
          Add provider
        </Button>
      </Box>
    </Section>
  );
}

/**
 * Maestro's settings: the services catalog, the option lists and the regions per provider. Each section saves
 * on its own (`PUT /settings/:key` with the version read).
 */
export function SettingsPage() {
  const api = useApi(maestroApiRef);
  const { value, loading, error } = useAsync(() => api.getSettings(), [api]);
  const setting = <K extends MaestroSettingsKey>(key: K): SettingValue<K> =>
    (value?.items.find(s => s.key === key) as SettingValue<K> | undefined) ?? {
      key,
      value: DEFAULT_MAESTRO_SETTINGS[key] as MaestroSettings[K],
      version: 0,
    };

  return (
    <Content>
      <ContentHeader title="Settings" description="Lists Maestro offers in its forms" />
      {error && <ResponseErrorPanel error={error} />}
      {loading && <Progress />}
      {value && (
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <ServicesSection setting={setting('services')} />
          </Grid>
          <Grid item xs={12}>
            <OptionsSection setting={setting('options')} />
          </Grid>
          <Grid item xs={12}>
            <RegionsSection setting={setting('regions')} />
          </Grid>
        </Grid>
      )}
    </Content>
  );
}
