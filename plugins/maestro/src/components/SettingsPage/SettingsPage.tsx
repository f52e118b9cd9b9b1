import { Content, ContentHeader, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  DEFAULT_MAESTRO_SETTINGS,
  MaestroSettings,
  MaestroSettingsKey,
  OptionLists,
  ServiceCatalogEntry,
  SettingValue,
} from '@maestro/plugin-maestro-common';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import useAsync from 'react-use/esm/useAsync';
import { maestroApiRef } from '../../api';
import { ChipListEditor, compact, joinList, rowKey, RowInputs, splitList } from './editors';
import { RegionsSection } from './RegionsSection';
import { SubscriptionsSection } from '../Subscriptions';
import { SettingSection } from './SettingSection';
import { useSettingEditor } from './useSettingEditor';

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
    <SettingSection
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
    </SettingSection>
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
    <SettingSection
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
    </SettingSection>
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
      <ContentHeader title="Settings" description="Lists Maestro offers in its forms, and your subscriptions" />
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
          <Grid item xs={12}>
            <SubscriptionsSection />
          </Grid>
        </Grid>
      )}
    </Content>
  );
}
