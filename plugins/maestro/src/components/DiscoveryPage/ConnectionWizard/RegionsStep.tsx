import { KeyboardEvent } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import CancelIcon from '@material-ui/icons/Cancel';
import type { ProviderRegions } from '@maestro/plugin-maestro-common';
import type { ChangeDraft, ConnectionDraft } from './connectionDraft';
import { fieldId, useWizardFields } from './wizardFields';
import { useWizardStyles } from './wizardStyles';

/**
 * The second step, the regions: chips, typed (Enter, comma, space) or picked among the regions the Maestro
 * settings offer for the provider. What is typed and not yet a chip is kept by the wizard: Next adds it.
 */
export function RegionsStep(props: {
  draft: ConnectionDraft;
  set: ChangeDraft;
  /** The text typed, not yet a chip. */
  input: string;
  onInputChange: (text: string) => void;
  onInputKeyDown: (e: KeyboardEvent) => void;
  /** Makes chips of what is typed. */
  onInputCommit: () => void;
  /** The provider's regions in the Maestro settings. */
  offered: ProviderRegions[string];
}) {
  const { draft, set, input, onInputChange, onInputKeyDown, onInputCommit, offered } = props;
  const classes = useWizardStyles();
  const { problemOf, saving } = useWizardFields();
  return (
    <>
      <Box className={classes.chips} data-testid="maestro-discovery-selected-regions">
        {draft.regions.length === 0 && (
          <Typography variant="body2" color="textSecondary">
            No region yet.
          </Typography>
        )}
        {draft.regions.map(region => (
          <Chip
            key={region}
            label={region}
            color="primary"
            disabled={saving}
            onDelete={() => set({ regions: draft.regions.filter(r => r !== region) }, 'regions')}
            deleteIcon={<CancelIcon aria-label={`Remove ${region}`} />}
          />
        ))}
      </Box>
      <TextField
        id={fieldId('regions')}
        label="Regions"
        value={input}
        onChange={e => onInputChange(e.target.value)}
        onKeyDown={onInputKeyDown}
        onBlur={() => onInputCommit()}
        error={!!problemOf('regions')}
        helperText={
          problemOf('regions') ??
          (draft.provider === 'openstack'
            ? 'Type a region as the Keystone catalog names it (RegionOne) and press Enter; several at once: separate them with commas.'
            : 'Type a region (eu-west-1) and press Enter; several at once: separate them with commas.')
        }
        disabled={saving}
        autoComplete="off"
        fullWidth
        variant="outlined"
        margin="dense"
      />
      {offered.length > 0 && (
        <>
          <Typography variant="subtitle2" style={{ marginTop: 16 }}>
            Regions from the Maestro settings
          </Typography>
          <Box className={classes.chips}>
            {offered.map(region => {
              const selected = draft.regions.includes(region.id);
              return (
                <Chip
                  key={region.id}
                  label={region.name ? `${region.id} · ${region.name}` : region.id}
                  variant={selected ? 'default' : 'outlined'}
                  color={selected ? 'primary' : 'default'}
                  clickable
                  disabled={saving}
                  aria-pressed={selected}
                  aria-label={`${selected ? 'Remove' : 'Add'} region ${region.id}`}
                  onClick={() =>
                    set(
                      {
                        regions: selected ? draft.regions.filter(r => r !== region.id) : [...draft.regions, region.id],
                      },
                      'regions',
                    )
                  }
                />
              );
            })}
          </Box>
        </>
      )}
    </>
  );
}
