export { WatchButton } from './WatchButton';
export { SubscriptionsSection } from './SubscriptionsSection';
