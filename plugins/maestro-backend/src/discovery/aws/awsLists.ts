import { cdnsList, storageObjectList } from './globalLists';
import { imagesList, serverList, snapshotList, volumesList } from './computeLists';
import { networkList, securityList } from './networkLists';
import { dbsList, loadBalanceList } from './serviceLists';
import type { AwsResourceList } from './awsCommon';

export type { AwsListContext, AwsResourceList } from './awsCommon';
export { tagMap } from './awsCommon';
export { instanceToServer } from './computeLists';
export { databaseFamily } from './serviceLists';
export { regionOfLocation } from './globalLists';

/** Every AWS resource list, in the order a crawl runs them (servers first: the others refer to them). */
export const AWS_LISTS: AwsResourceList[] = [
  serverList,
  volumesList,
  loadBalanceList,
  dbsList,
  networkList,
  securityList,
  snapshotList,
  imagesList,
  storageObjectList,
  cdnsList,
];

/** The read-only IAM policy a connection needs, for the wizard to show. */
export function awsReadOnlyPolicy(lists: AwsResourceList[] = AWS_LISTS) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'MaestroDiscoveryReadOnly',
        Effect: 'Allow',
        Action: ['sts:GetCallerIdentity', ...new Set(lists.flatMap(l => l.iamActions))].sort(),
        Resource: '*',
      },
    ],
  };
}
