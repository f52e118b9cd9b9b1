import { emptyDraft } from './connectionDraft';
import { reviewRows } from './reviewRows';

describe('reviewRows', () => {
  it('reviews an AWS connection: the mode chosen and its settings, never the secret', () => {
    const draft = {
      ...emptyDraft(true),
      id: ' aws-new ',
      title: 'New account',
      regions: ['eu-west-1', 'us-east-1'],
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'top-secret',
      roleArn: 'arn:aws:iam::123456789012:role/r',
      accountId: '123456789012',
      endpoint: 'http://localhost:4566',
    };
    const rows = reviewRows(draft, false);
    expect(rows).toEqual([
      ['Provider', 'AWS'],
      ['Connection', 'aws-new · New account'],
      ['Datacenter', 'aws-new'],
      ['Regions', 'eu-west-1, us-east-1'],
      ['Owner', 'group:default/maestro-admins'],
      ['Credentials', 'Static access keys'],
      ['Access key id', 'AKIAIOSFODNN7EXAMPLE'],
      ['Secret access key', '••• (will be stored encrypted)'],
      ['Role', 'arn:aws:iam::123456789012:role/r'],
      ['Endpoint', 'http://localhost:4566'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('top-secret');
    // a stored secret left empty is kept; the chain mode shows the account, not the role
    expect(reviewRows({ ...draft, secretAccessKey: '' }, true)).toContainEqual(['Secret access key', 'unchanged']);
    const chain = reviewRows({ ...draft, mode: 'chain' }, false);
    expect(chain).toContainEqual(['Account id', '123456789012']);
    expect(chain.map(([label]) => label)).not.toContain('Role');
  });

  it('reviews an OpenStack connection: the user, the project, the TLS check, never the password', () => {
    const draft = emptyDraft(true, 'openstack');
    draft.id = 'os-new';
    draft.openstack = {
      ...draft.openstack,
      authUrl: 'https://keystone.example.com:5000/v3',
      username: 'maestro',
      password: 'pass word',
      projectId: 'p1',
      insecure: true,
    };
    const rows = reviewRows(draft, false);
    expect(rows.slice(5)).toEqual([
      ['Auth URL', 'https://keystone.example.com:5000/v3 (Keystone v3)'],
      ['User', 'maestro (domain default)'],
      ['Password', '••• (will be stored encrypted)'],
      ['Project', 'id p1'],
      ['Interface', 'public'],
      ['TLS', 'NOT verified'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('pass word');
  });
});
