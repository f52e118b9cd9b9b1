import { useState } from 'react';
import type { ProviderRegions, SettingValue } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import { compact, joinList, rowKey, RowInputs, splitList } from './editors';
import { SettingSection } from './SettingSection';
import { useSettingEditor } from './useSettingEditor';

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

/** The regions (and their zones) each provider offers, edited provider by provider. */
export function RegionsSection(props: { setting: SettingValue<'regions'> }) {
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
    <SettingSection
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
        <Button
          startIcon={<AddIcon />}
          onClick={addProvider}
          disabled={working || !newProvider.trim()}
          style={{ marginLeft: 8 }}
        >
          Add provider
        </Button>
      </Box>
    </SettingSection>
  );
}
