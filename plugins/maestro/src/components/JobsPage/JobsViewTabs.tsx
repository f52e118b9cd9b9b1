import { Link as RouterLink } from 'react-router-dom';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { useMaestroPaths } from '../../shared/paths';

/** The two views of the Jobs tab: the jobs, and the event rules. */
export function JobsViewTabs(props: { selected: 'jobs' | 'rules' }) {
  const paths = useMaestroPaths();
  return (
    <Tabs
      value={props.selected}
      indicatorColor="primary"
      textColor="primary"
      aria-label="Jobs views"
      style={{ marginBottom: 16 }}
    >
      <Tab value="jobs" label="Jobs" component={RouterLink} to={paths.jobs} data-testid="maestro-jobs-view-jobs" />
      <Tab
        value="rules"
        label="Event rules"
        component={RouterLink}
        to={paths.rules}
        data-testid="maestro-jobs-view-rules"
      />
    </Tabs>
  );
}
