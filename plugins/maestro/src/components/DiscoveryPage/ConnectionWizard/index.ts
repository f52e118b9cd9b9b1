export { ConnectionWizard } from './ConnectionWizard';
export type { ConnectionWizardProps } from './ConnectionWizard';
