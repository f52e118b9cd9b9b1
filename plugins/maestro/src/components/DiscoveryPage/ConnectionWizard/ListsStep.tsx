import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type { DiscoveryProviderList } from '../../../api';
import { describeApiError } from '../../../shared/apiErrors';
import { ChangeDraft, ConnectionDraft, listDraftOf } from './connectionDraft';
import { fieldId, useWizardFields, WizardFieldProblem } from './wizardFields';

/**
 * The lists to run and how often (the last step, above the review): one row a list of the provider, with the IAM
 * actions (AWS) or API calls (OpenStack) it needs.
 */
export function ListsStep(props: {
  draft: ConnectionDraft;
  set: ChangeDraft;
  /** The lists of the draft's provider. */
  lists: DiscoveryProviderList[];
  /** Why the providers' lists could not be loaded, if they could not. */
  listsError?: Error;
}) {
  const { draft, set, lists, listsError } = props;
  const { problemOf, saving } = useWizardFields();
  return (
    <>
      <WizardFieldProblem name="lists" />
      {listsError && (
        <Typography color="error" variant="body2" role="alert">
          Could not load the provider’s lists: {describeApiError(listsError).message}
        </Typography>
      )}
      <Table size="small" aria-label="Lists">
        <TableHead>
          <TableRow>
            <TableCell>List</TableCell>
            <TableCell>Every (minutes)</TableCell>
            <TableCell>{draft.provider === 'openstack' ? 'API calls' : 'IAM actions'}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {lists.map(list => {
            const setting = listDraftOf(draft, list);
            const setList = (change: Partial<typeof setting>, field: string) =>
              set({ lists: { ...draft.lists, [list.id]: { ...setting, ...change } } }, field, `lists.${list.id}`);
            const minutesField = `lists.${list.id}.frequencyMinutes`;
            const listError = problemOf(`lists.${list.id}`) ?? problemOf(`lists.${list.id}.enabled`);
            return (
              <TableRow key={list.id} data-testid={`maestro-discovery-wizard-list-${list.id}`}>
                <TableCell>
                  <FormControlLabel
                    control={
                      <Checkbox
                        checked={setting.enabled}
                        onChange={e => setList({ enabled: e.target.checked }, `lists.${list.id}.enabled`)}
                        disabled={saving}
                      />
                    }
                    label={list.title}
                  />
                  {list.global && (
                    <Typography variant="caption" color="textSecondary" display="block">
                      Global: crawled once, not per region
                    </Typography>
                  )}
                  {listError && (
                    <Typography variant="caption" color="error" display="block">
                      {listError}
                    </Typography>
                  )}
                </TableCell>
                <TableCell style={{ width: 170 }}>
                  <TextField
                    id={fieldId(`list-${list.id}-minutes`)}
                    type="number"
                    value={setting.minutes}
                    onChange={e => setList({ minutes: e.target.value }, minutesField)}
                    inputProps={{ min: 1, max: 10080, 'aria-label': `Minutes between runs of ${list.title}` }}
                    error={!!problemOf(minutesField)}
                    helperText={problemOf(minutesField) ?? `default ${list.defaultFrequencyMinutes}`}
                    disabled={saving || !setting.enabled}
                    variant="outlined"
                    margin="dense"
                    size="small"
                  />
                </TableCell>
                <TableCell>
                  <Typography variant="caption">{list.iamActions.join(', ')}</Typography>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </>
  );
}
