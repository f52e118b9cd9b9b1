import type { DiscoveryConnectionView } from '../../../api';
import { parseFieldProblems } from '../../../shared/apiErrors';
import { draftOf, emptyDraft, requestOf, stepOfField } from './connectionDraft';
import { openStackUserChanged } from './openStackDraft';

describe('connection draft', () => {
  it('splits a discovery 400 message into field problems, list ids with dashes included', () => {
    expect(
      parseFieldProblems(
        "id: lower-case letters (got 'Bad Id'); regions: not a region name: moon-1; lists.server-list.frequencyMinutes: must be a whole number; aws.accessKeyId: is required with aws.secretAccessKey",
      ),
    ).toEqual([
      { field: 'id', message: "lower-case letters (got 'Bad Id')" },
      { field: 'regions', message: 'not a region name: moon-1' },
      { field: 'lists.server-list.frequencyMinutes', message: 'must be a whole number' },
      { field: 'aws.accessKeyId', message: 'is required with aws.secretAccessKey' },
    ]);
    expect(parseFieldProblems("connection 'aws-gitops' is defined in app-config: change it there")).toEqual([
      { field: '', message: "connection 'aws-gitops' is defined in app-config: change it there" },
    ]);
    expect(
      ['id', 'regions', 'aws.roleArn', 'endpoint', 'lists.cdns-list.enabled', 'version'].map(f => stepOfField(f)),
    ).toEqual([0, 1, 2, 2, 3, -1]);
    // OpenStack: its settings on the credentials step; the endpoint and AWS fields have no input there
    expect(
      ['openstack.authUrl', 'openstack', 'endpoint', 'aws.roleArn', 'regions'].map(f => stepOfField(f, 'openstack')),
    ).toEqual([2, 2, -1, -1, 1]);
    expect(stepOfField('openstack.authUrl', 'aws')).toBe(-1);
  });

  it('builds the request of each credentials mode, the secret only when typed', () => {
    const lists = [
      { id: 'server-list', title: 'Servers', iamActions: [], defaultFrequencyMinutes: 5 },
      { id: 'volumes-list', title: 'Volumes', iamActions: [], defaultFrequencyMinutes: 60 },
    ];
    const base = { ...emptyDraft(true), id: 'aws-x', regions: ['eu-west-1'], accessKeyId: 'AKIA0000000000000000' };
    expect(requestOf(base, lists)).toEqual({
      id: 'aws-x',
      provider: 'aws',
      datacenter: 'aws-x',
      regions: ['eu-west-1'],
      owner: 'group:default/maestro-admins',
      aws: { accessKeyId: 'AKIA0000000000000000' },
    });
    expect(
      requestOf(
        { ...base, secretAccessKey: 's3cret', lists: { 'volumes-list': { enabled: true, minutes: '60' } } },
        lists,
      ).aws,
    ).toEqual({
      accessKeyId: 'AKIA0000000000000000',
      secretAccessKey: 's3cret',
    });
    expect(
      requestOf({ ...base, mode: 'role', roleArn: 'arn:aws:iam::123456789012:role/r', secretAccessKey: 'x' }, lists)
        .aws,
    ).toEqual({
      roleArn: 'arn:aws:iam::123456789012:role/r',
    });
    expect(requestOf({ ...base, mode: 'chain', accountId: '123456789012' }, lists).aws).toEqual({
      accountId: '123456789012',
    });
    expect(emptyDraft(false).mode).toBe('role');
  });

  it('builds the request of an OpenStack connection: no endpoint, the password only when typed', () => {
    const lists = [
      { id: 'server-list', title: 'Servers', iamActions: ['compute: GET /servers/detail'], defaultFrequencyMinutes: 5 },
    ];
    const draft = emptyDraft(true, 'openstack');
    draft.id = 'os-prod';
    draft.regions = ['RegionOne'];
    draft.endpoint = 'http://ignored';
    draft.openstack = {
      ...draft.openstack,
      authUrl: ' https://keystone.example.com:5000/v3 ',
      username: 'maestro',
      password: ' pass word ',
      projectName: 'infra',
      projectDomainId: 'default',
      interface: 'internal',
    };
    expect(requestOf(draft, lists)).toEqual({
      id: 'os-prod',
      provider: 'openstack',
      datacenter: 'os-prod',
      regions: ['RegionOne'],
      owner: 'group:default/maestro-admins',
      openstack: {
        authUrl: 'https://keystone.example.com:5000/v3',
        apiVersion: 'v3',
        username: 'maestro',
        userDomainId: 'default',
        projectName: 'infra',
        projectDomainId: 'default',
        interface: 'internal',
        password: ' pass word ',
      },
    });

    // edited: the password stays empty, and is only needed again for another user
    const connection: DiscoveryConnectionView = {
      id: 'os-prod',
      provider: 'openstack',
      datacenter: 'os-prod',
      regions: ['RegionOne'],
      owner: 'group:default/platform',
      origin: 'api',
      lists: [],
      openstack: {
        authUrl: 'https://keystone.example.com:5000/v3',
        username: 'maestro',
        projectId: 'p1',
        insecure: true,
      },
      hasSecret: true,
      tasks: [],
    };
    const edited = draftOf(connection);
    expect(edited.openstack).toMatchObject({ password: '', userDomainId: '', interface: 'public', insecure: true });
    expect(requestOf(edited, lists).openstack).toEqual({
      authUrl: 'https://keystone.example.com:5000/v3',
      apiVersion: 'v3',
      username: 'maestro',
      projectId: 'p1',
      insecure: true,
    });
    expect(openStackUserChanged(edited.openstack, connection)).toBe(false);
    expect(openStackUserChanged({ ...edited.openstack, projectId: 'p2' }, connection)).toBe(false);
    expect(openStackUserChanged({ ...edited.openstack, userDomainId: 'default' }, connection)).toBe(true);
    expect(openStackUserChanged({ ...edited.openstack, authUrl: 'https://other/v3' }, connection)).toBe(true);
  });
});
