import {
  SUBSCRIPTION_EVENTS,
  type Subscription,
  type SubscriptionDelivery,
  type SubscriptionEvent,
} from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';

/** What each event is called on screen. */
export const EVENT_LABELS: Record<SubscriptionEvent, string> = {
  changes: 'Changes',
  deactivations: 'Deactivations',
  discoveryFailures: 'Discovery failures',
};

/** What each delivery is called on screen. */
export const DELIVERY_LABELS: Record<SubscriptionDelivery, string> = {
  immediate: 'Immediately',
  daily: 'Daily digest',
};

/** A subscription's target in words: "Server web-01", "Servers in aws-prod, production", "Everything owned". */
export function describeTarget(target: Subscription['target']): string {
  if (target.type === 'owned') return 'Everything owned';
  if (target.type === 'entity') return target.entityRef;
  const where = [target.datacenter?.replace(/^datacenter:default\//, ''), target.environment].filter(Boolean);
  return `${target.kind} records${where.length ? ` in ${where.join(', ')}` : ''}`;
}

/** The draft of what a subscription reports and how. */
export interface SubscriptionChoice {
  events: SubscriptionEvent[];
  delivery: SubscriptionDelivery;
}

export const DEFAULT_CHOICE: SubscriptionChoice = { events: [...SUBSCRIPTION_EVENTS], delivery: 'immediate' };

/** The delivery select and one checkbox per event; ids start with `idPrefix`. */
export function SubscriptionFields(props: {
  value: SubscriptionChoice;
  onChange: (value: SubscriptionChoice) => void;
  idPrefix: string;
  disabled?: boolean;
}) {
  const { value, onChange, idPrefix, disabled } = props;
  const toggle = (event: SubscriptionEvent, on: boolean) =>
    onChange({
      ...value,
      events: SUBSCRIPTION_EVENTS.filter(e => (e === event ? on : value.events.includes(e))),
    });
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 16 }}>
      <TextField
        id={`${idPrefix}-delivery`}
        select
        label="Delivery"
        value={value.delivery}
        onChange={e => onChange({ ...value, delivery: e.target.value as SubscriptionDelivery })}
        disabled={disabled}
        style={{ minWidth: 160 }}
      >
        {Object.entries(DELIVERY_LABELS).map(([key, label]) => (
          <MenuItem key={key} value={key}>
            {label}
          </MenuItem>
        ))}
      </TextField>
      {SUBSCRIPTION_EVENTS.map(event => (
        <FormControlLabel
          key={event}
          label={EVENT_LABELS[event]}
          control={
            <Checkbox
              checked={value.events.includes(event)}
              onChange={e => toggle(event, e.target.checked)}
              disabled={disabled}
            />
          }
        />
      ))}
    </Box>
  );
}
