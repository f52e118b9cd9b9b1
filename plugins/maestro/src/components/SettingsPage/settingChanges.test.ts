import { describeSettingChange } from './settingChanges';

describe('describeSettingChange', () => {
  it('lists added and removed values per option list', () => {
    expect(
      describeSettingChange(
        { environments: ['production', 'test'], roles: ['web'] },
        { environments: ['production', 'dr'], roles: ['web'] },
      ),
    ).toEqual(['environments: +dr −test']);
  });

  it('compares services by name and marks edited ones', () => {
    expect(
      describeSettingChange(
        [{ name: 'nginx', families: ['web'] }, { name: 'redis' }],
        [{ name: 'nginx', families: ['web', 'proxy'] }, { name: 'kafka' }],
      ),
    ).toEqual(['~nginx +kafka −redis']);
  });

  it('walks nested objects (regions per provider) and reports nothing when equal', () => {
    expect(
      describeSettingChange({ aws: { regions: ['eu-west-1'] } }, { aws: { regions: ['eu-west-1', 'us-east-1'] } }),
    ).toEqual(['aws.regions: +us-east-1']);
    expect(describeSettingChange({ a: [1] }, { a: [1] })).toEqual([]);
  });
});
