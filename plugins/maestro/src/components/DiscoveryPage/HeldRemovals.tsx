import type { DiscoveryRemovalConfirmation, DiscoveryTaskStatus } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { formatHeld } from './discoveryFormat';

/**
 * The removals a task's last run held back, one per region: "would deactivate N of M", and a "Confirm removal"
 * that confirms exactly what is shown (the region and N), or, once confirmed, that the next run applies it.
 */
export function HeldRemovals(props: {
  task?: DiscoveryTaskStatus;
  testId: string;
  disabled: boolean;
  onConfirm: (confirmation: DiscoveryRemovalConfirmation) => void;
}) {
  const { task, testId, disabled, onConfirm } = props;
  const held = task?.held ?? [];
  return (
    <>
      {held.map(h => {
        const confirmed = task?.confirmedRemovals?.find(c => c.region === h.region && c.atMost >= h.wouldDeactivate);
        return (
          <Box key={h.region} mt={0.5} data-testid={`${testId}-held-${h.region}`}>
            <Typography variant="body2">{formatHeld(h, held.length > 1 || h.region !== 'global')}</Typography>
            {confirmed ? (
              <Typography variant="caption" color="textSecondary" display="block">
                removal confirmed: applied by the next run if it is still at most {confirmed.atMost}
              </Typography>
            ) : (
              <Button
                size="small"
                variant="outlined"
                color="secondary"
                onClick={() => onConfirm({ region: h.region, atMost: h.wouldDeactivate })}
                disabled={disabled}
                aria-label={
                  held.length > 1
                    ? `Confirm removal of ${h.wouldDeactivate} in ${h.region}`
                    : `Confirm removal of ${h.wouldDeactivate}`
                }
              >
                Confirm removal
              </Button>
            )}
          </Box>
        );
      })}
    </>
  );
}
