import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ComponentProps } from 'react';
import { WizardFieldsProvider, WizardSecretField, WizardTextField } from './wizardFields';

type SecretProps = ComponentProps<typeof WizardSecretField>;

function renderSecret(props: Partial<SecretProps>, problems: Record<string, string> = {}, saving = false) {
  const onChange = jest.fn();
  render(
    <WizardFieldsProvider problems={problems} saving={saving}>
      <WizardSecretField
        name="openstack.password"
        label="Password"
        value=""
        onChange={onChange}
        stored={false}
        canStore
        storedHint="A password is stored: leave empty to keep it."
        {...props}
      />
    </WizardFieldsProvider>,
  );
  return { input: screen.getByLabelText(/^Password/), onChange };
}

describe('wizard fields', () => {
  it('a secret field: write-only, saying whether one is stored and kept when left empty', async () => {
    const { input, onChange } = renderSecret({});
    expect(input).toHaveAttribute('type', 'password');
    expect(input).toHaveAttribute('autocomplete', 'new-password');
    expect(input).toHaveAttribute('id', 'maestro-discovery-openstack-password');
    expect(input).toHaveAccessibleDescription('Stored encrypted; never shown again.');
    expect(input).not.toHaveAttribute('placeholder');
    await userEvent.setup({ delay: null }).type(input, 'x');
    expect(onChange).toHaveBeenCalledWith('x');
  });

  it('a stored secret: kept when empty, marked so in the input when asked', () => {
    const { input } = renderSecret({ stored: true, storedPlaceholder: true });
    expect(input).toBeEnabled();
    expect(input).toHaveAccessibleDescription('A password is stored: leave empty to keep it.');
    expect(input).toHaveAttribute('placeholder', 'stored — leave empty to keep');
  });

  it('without an encryption key: refused, unless one is already stored', () => {
    const { input } = renderSecret({ canStore: false });
    expect(input).toBeDisabled();
    expect(input).toHaveAccessibleDescription('Cannot be stored: no encryption key is configured.');
  });

  it('a stored secret without an encryption key stays editable', () => {
    const { input } = renderSecret({ canStore: false, stored: true });
    expect(input).toBeEnabled();
    expect(input).toHaveAccessibleDescription('A password is stored: leave empty to keep it.');
  });

  it('shows the problem of its field instead of the hint, and every field is disabled while saving', () => {
    render(
      <WizardFieldsProvider problems={{ 'aws.roleArn': 'is required to assume a role' }} saving>
        <WizardTextField
          name="aws.roleArn"
          label="Role ARN"
          value=""
          onChange={() => undefined}
          hint="arn:aws:iam::…"
        />
        <WizardTextField name="endpoint" label="Endpoint" value="" onChange={() => undefined} hint="empty: AWS" />
      </WizardFieldsProvider>,
    );
    const role = screen.getByLabelText('Role ARN');
    expect(role).toHaveAttribute('aria-invalid', 'true');
    expect(role).toHaveAccessibleDescription('is required to assume a role');
    expect(role).toBeDisabled();
    const endpoint = screen.getByLabelText('Endpoint');
    expect(endpoint).toHaveAttribute('aria-invalid', 'false');
    expect(endpoint).toHaveAccessibleDescription('empty: AWS');
  });
});
