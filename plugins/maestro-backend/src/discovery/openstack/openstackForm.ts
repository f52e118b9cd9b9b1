import type { DiscoveryConnectionForm } from '@maestro/plugin-maestro-common';
import { OPENSTACK_INTERFACE_PATTERN } from './openstackSettings';

/** The OpenStack steps of the connection wizard: regions as the catalog names them, Keystone v3, the API calls. */
export function openstackConnectionForm(requiredCalls: string[]): DiscoveryConnectionForm {
  return {
    label: 'OpenStack',
    title: 'OpenStack credentials (Keystone v3)',
    regions: {
      help: 'Type a region as the Keystone catalog names it (RegionOne) and press Enter; several at once: separate them with commas.',
      example: 'RegionOne',
    },
    fields: [
      {
        name: 'openstack.authUrl',
        label: 'Auth URL',
        type: 'url',
        required: true,
        placeholder: 'https://keystone.example.com:5000/v3',
        help: 'The Keystone (identity) endpoint; /v3 is added when missing.',
      },
      {
        name: 'openstack.apiVersion',
        label: 'API version',
        type: 'text',
        readOnly: true,
        defaultValue: 'v3',
        help: 'Keystone v3 only (v2.0 was removed upstream).',
      },
      {
        name: 'openstack.username',
        label: 'Username',
        type: 'text',
        requiredUnless: 'openstack.userId',
        help: 'A user with a read-only role on the project.',
      },
      {
        name: 'openstack.password',
        label: 'Password',
        type: 'password',
        secret: true,
        help: 'Stored encrypted; never shown again.',
      },
      {
        name: 'openstack.userDomainId',
        label: 'User domain ID',
        type: 'text',
        placeholder: 'default',
        help: 'Domain of the user; empty: default.',
      },
      {
        name: 'openstack.projectId',
        label: 'Project ID',
        type: 'text',
        requiredUnless: 'openstack.projectName',
        help: 'The project to discover; or leave empty and give its name below.',
      },
      {
        name: 'openstack.projectName',
        label: 'Project name',
        type: 'text',
        help: 'Instead of the project id, with the project domain.',
      },
      {
        name: 'openstack.projectDomainId',
        label: 'Project domain ID',
        type: 'text',
        help: 'With a project name; empty: the user’s domain.',
      },
      {
        name: 'openstack.interface',
        label: 'Interface',
        type: 'select',
        advanced: true,
        defaultValue: 'public',
        pattern: OPENSTACK_INTERFACE_PATTERN.source,
        options: [
          { value: 'public', label: 'public (default)' },
          { value: 'internal', label: 'internal' },
          { value: 'admin', label: 'admin' },
        ],
        help: 'Endpoints of the service catalog to call.',
      },
      {
        name: 'openstack.userId',
        label: 'User ID',
        type: 'text',
        advanced: true,
        help: 'Instead of the username and its domain.',
      },
      {
        name: 'openstack.userDomainName',
        label: 'User domain name',
        type: 'text',
        advanced: true,
        help: 'Instead of the user domain id.',
      },
      {
        name: 'openstack.projectDomainName',
        label: 'Project domain name',
        type: 'text',
        advanced: true,
        help: 'Instead of the project domain id.',
      },
      {
        name: 'openstack.caBundle',
        label: 'CA bundle',
        type: 'textarea',
        advanced: true,
        placeholder: '-----BEGIN CERTIFICATE-----',
        help: 'PEM of the CA(s) that signed the cloud’s certificates (a private CA); replaces the system CAs.',
      },
      {
        name: 'openstack.insecure',
        label: 'Skip TLS verification',
        type: 'checkbox',
        advanced: true,
        defaultValue: false,
        warning:
          'Not recommended: the certificates are not checked, so anyone on the way can pose as the cloud and read the password. Give the CA bundle instead.',
      },
    ],
    withoutEncryptionKey:
      'No encryption key is configured: a connection created here cannot hold the OpenStack password it authenticates with. Define the connection in app-config with its password from the environment, or configure the key.',
    permissions: {
      title: 'Read-only API calls the credentials need',
      help: 'Every call only reads: the reader role on the project suffices (or member on clouds whose policies predate the reader role); no admin role is needed.',
      items: requiredCalls,
    },
  };
}
