import { ConfigReader } from '@backstage/config';
import type { DiscoveryDriver } from '@maestro/plugin-maestro-node';
import { AwsDriver } from './aws/AwsDriver';
import { awsReadOnlyPolicy } from './aws/awsLists';
import { OpenStackDriver } from './openstack/OpenStackDriver';
import { openstackRequiredCalls } from './openstack/openstackLists';
import { describeProviders, discoveryProviders } from './providers';

const config = new ConfigReader({});
const builtIn = () => [new AwsDriver({ config }), new OpenStackDriver({ config })];

const fake = (overrides: Partial<DiscoveryDriver> = {}): DiscoveryDriver => ({
  provider: 'fakecloud',
  lists: [
    { id: 'machine-list', title: 'Machines', iamActions: ['fakecloud:ListMachines'], defaultFrequencyMinutes: 15 },
  ],
  async open() {
    throw new Error('not opened in these tests');
  },
  ...overrides,
});

describe('discovery providers', () => {
  it('adds the providers of modules after the built-in ones; one with a built-in id replaces it', () => {
    const replacement = fake({ provider: 'aws' });
    const drivers = discoveryProviders(builtIn(), [fake(), replacement]);
    expect([...drivers.keys()]).toEqual(['aws', 'openstack', 'fakecloud']);
    expect(drivers.get('aws')).toBe(replacement);
  });

  it.each([
    [
      'an id that is not lower-case letters and digits',
      fake({ provider: 'Fake Cloud' }),
      "provider 'Fake Cloud': the id must be lower-case letters and digits",
    ],
    ['no lists', fake({ lists: [] }), "provider 'fakecloud': lists must name at least one list"],
    [
      'a list id with spaces',
      fake({ lists: [{ id: 'machine list', title: 'M', iamActions: [], defaultFrequencyMinutes: 5 }] }),
      "list id 'machine list' must be",
    ],
    [
      'a list twice',
      fake({
        lists: [1, 2].map(() => ({ id: 'machine-list', title: 'M', iamActions: [], defaultFrequencyMinutes: 5 })),
      }),
      "list 'machine-list' is defined twice",
    ],
    [
      'an interval of 0',
      fake({ lists: [{ id: 'machine-list', title: 'M', iamActions: [], defaultFrequencyMinutes: 0 }] }),
      'defaultFrequencyMinutes must be a whole number between 1 and 10080',
    ],
    ['no open()', fake({ open: undefined as any }), 'open(connection, signal) is missing'],
    [
      'a form field outside its settings',
      fake({
        form: {
          label: 'F',
          title: 'F',
          regions: { help: 'h', example: 'r1' },
          fields: [{ name: 'aws.accessKeyId', label: 'K', type: 'text' }],
        },
      }),
      "form field 'aws.accessKeyId' must be under 'fakecloud.'",
    ],
    [
      'a region pattern that is no regular expression',
      fake({ form: { label: 'F', title: 'F', regions: { help: 'h', example: 'r1', pattern: '([a-z' }, fields: [] } }),
      'form.regions.pattern is not a regular expression',
    ],
  ])('refuses the start-up for a module provider with %s, naming it', (_, driver, message) => {
    expect(() => discoveryProviders(builtIn(), [driver])).toThrow(`maestroDiscoveryExtensionPoint.addDriver: `);
    expect(() => discoveryProviders(builtIn(), [driver])).toThrow(message);
  });

  it('describes each provider: its lists as GET /discovery/providers always listed them, and its connection form', () => {
    const described = describeProviders([...discoveryProviders(builtIn(), [fake()]).values()]);
    expect(described.map(d => d.provider)).toEqual(['aws', 'openstack', 'fakecloud']);
    const [aws, openstack, fakecloud] = described;
    expect(JSON.stringify(aws.lists.find(l => l.id === 'cdns-list'))).toBe(
      JSON.stringify({
        id: 'cdns-list',
        title: 'CDNs (CloudFront distributions)',
        iamActions: ['cloudfront:ListDistributions'],
        global: true,
        defaultFrequencyMinutes: 1440,
      }),
    );
    expect(fakecloud).toEqual({
      provider: 'fakecloud',
      lists: [
        { id: 'machine-list', title: 'Machines', iamActions: ['fakecloud:ListMachines'], defaultFrequencyMinutes: 15 },
      ],
    });
    // the AWS form: three ways to authenticate, the regions it accepts, the policy to copy
    expect(aws.form!.variants!.map(v => v.id)).toEqual(['static', 'role', 'chain']);
    expect(aws.form!.fields.filter(f => f.variants?.includes('static')).map(f => f.name)).toEqual([
      'aws.accessKeyId',
      'aws.secretAccessKey',
      'aws.roleArn',
      'aws.externalId',
    ]);
    expect(aws.form!.fields.find(f => f.secret)!.name).toBe('aws.secretAccessKey');
    expect(new RegExp(aws.form!.regions.pattern!).test('eu-west-1')).toBe(true);
    expect(new RegExp(aws.form!.regions.pattern!).test('RegionOne')).toBe(false);
    expect(aws.form!.permissions!.document).toEqual(awsReadOnlyPolicy());
    // the OpenStack form: Keystone v3 fields, the password as the secret, the API calls to allow
    expect(openstack.form!.fields.find(f => f.secret)!.name).toBe('openstack.password');
    expect(openstack.form!.fields.filter(f => !f.advanced).map(f => f.name)).toEqual([
      'openstack.authUrl',
      'openstack.apiVersion',
      'openstack.username',
      'openstack.password',
      'openstack.userDomainId',
      'openstack.projectId',
      'openstack.projectName',
      'openstack.projectDomainId',
    ]);
    expect(openstack.form!.fields.find(f => f.name === 'openstack.interface')!.options!.map(o => o.value)).toEqual([
      'public',
      'internal',
      'admin',
    ]);
    expect(openstack.form!.permissions!.items).toEqual(openstackRequiredCalls());
    expect(JSON.parse(JSON.stringify(described))).toEqual(described); // plain JSON, as served
  });
});
