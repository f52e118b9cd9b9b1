import type { DiscoveryConnectionForm } from '@maestro/plugin-maestro-common';
import type { JsonObject } from '@backstage/types';
import { AWS_ACCESS_KEY_PATTERN, AWS_ACCOUNT_PATTERN, AWS_REGION, AWS_ROLE_ARN_PATTERN } from './awsSettings';

const EXTERNAL_ID_HELP = 'The external id the role’s trust policy asks for (write-only: never shown again).';

/** The AWS steps of the connection wizard: regions, then credentials in one of three ways, and the IAM policy. */
export function awsConnectionForm(policy: JsonObject): DiscoveryConnectionForm {
  return {
    label: 'Amazon Web Services',
    title: 'AWS credentials',
    regions: {
      help: 'Type a region (eu-west-1) and press Enter; several at once: separate them with commas.',
      pattern: AWS_REGION.source,
      example: 'eu-west-1',
    },
    variants: [
      {
        id: 'static',
        label: 'Static access keys',
        help: 'An IAM user’s access key id and secret access key; the secret is stored encrypted and never shown again.',
        requires: ['aws.accessKeyId', 'aws.secretAccessKey'],
      },
      {
        id: 'role',
        label: 'Assume an IAM role',
        help: 'The backend’s own credentials (the Backstage AWS integration, or the default credential chain) assume this role: only for role ARNs your operator allow-lists (maestro.discovery.aws.backendIdentity.roleArns); with static keys above, any role they may assume.',
        requires: ['aws.roleArn'],
      },
      {
        id: 'chain',
        label: 'Backstage AWS integration or default credential chain',
        help: 'The backend’s own identity: with an account id, that account’s credentials in the Backstage AWS integration (aws.accounts in app-config); without, the SDK’s default credential chain. Only for accounts your operator allow-lists (maestro.discovery.aws.backendIdentity.accounts); otherwise define the connection in app-config.',
      },
    ],
    fields: [
      {
        name: 'aws.accessKeyId',
        label: 'Access key id',
        type: 'text',
        required: true,
        help: 'AKIA…',
        pattern: AWS_ACCESS_KEY_PATTERN.source,
        variants: ['static'],
      },
      {
        name: 'aws.secretAccessKey',
        label: 'Secret access key',
        type: 'password',
        secret: true,
        help: 'Stored encrypted; never shown again.',
        variants: ['static'],
      },
      {
        name: 'aws.roleArn',
        label: 'Role ARN to assume (optional)',
        type: 'text',
        help: 'arn:aws:iam::<account>:role/<name>, assumed with the keys above.',
        pattern: AWS_ROLE_ARN_PATTERN.source,
        variants: ['static'],
      },
      {
        name: 'aws.externalId',
        label: 'External id',
        type: 'text',
        help: EXTERNAL_ID_HELP,
        variants: ['static'],
        shownWhenFilled: 'aws.roleArn',
      },
      {
        name: 'aws.roleArn',
        label: 'Role ARN',
        type: 'text',
        required: true,
        help: 'arn:aws:iam::<account>:role/<name>',
        pattern: AWS_ROLE_ARN_PATTERN.source,
        variants: ['role'],
      },
      {
        name: 'aws.externalId',
        label: 'External id',
        type: 'text',
        help: 'When the role’s trust policy asks for one.',
        variants: ['role'],
      },
      {
        name: 'aws.accountId',
        label: 'Account id (optional)',
        type: 'text',
        help: 'Take the base credentials from this account of the Backstage AWS integration.',
        pattern: AWS_ACCOUNT_PATTERN.source,
        variants: ['role'],
      },
      {
        name: 'aws.accountId',
        label: 'Account id (optional)',
        type: 'text',
        help: '12 digits: use this account of the Backstage AWS integration; empty: the default credential chain.',
        pattern: AWS_ACCOUNT_PATTERN.source,
        variants: ['chain'],
      },
      {
        name: 'endpoint',
        label: 'Endpoint',
        type: 'url',
        advanced: true,
        help: 'Override of the AWS endpoints (a VPC endpoint, LocalStack, a simulator); empty: AWS.',
      },
    ],
    withoutEncryptionKey:
      'No encryption key is configured: a connection created here cannot hold a secret access key. It can use the backend’s own identity (a role or account your operator allow-listed in maestro.discovery.aws.backendIdentity), or define the connection in app-config with its keys from the environment.',
    permissions: { title: 'Read-only IAM policy the credentials need', document: policy },
  };
}
