/** How the Details tab names spec fields and their properties. */

/** Labels of spec fields and of their properties; others are written out from their camelCase name. */
export const FIELD_LABELS: Record<string, string> = {
  ipv4Private: 'Private IPv4',
  ipv4Public: 'Public IPv4',
  os: 'OS',
  cpu: 'CPU',
  memory: 'Memory (GiB)',
  providerId: 'Provider id',
  sizeGb: 'Size (GB)',
  diskGb: 'Disk (GB)',
  gpu: 'GPU',
  clusterMode: 'Cluster mode',
  oracleRole: 'Oracle role',
  storageType: 'Storage type',
  crsVersion: 'CRS version',
  volumeType: 'Volume type',
  mountPath: 'Mount path',
  fileType: 'File system',
  pvName: 'Physical volume',
  vgName: 'Volume group',
  lvName: 'Logical volume',
  startedAt: 'Started at',
  cidr: 'CIDR',
  responseTime: 'Response time',
  supportHours: 'Support hours',
  keyName: 'Key name',
  rootDevice: 'Root device',
  entryApplications: 'Entry applications',
  dependsOn: 'Depends on',
  healthcheck: 'Health check',
};

/** `ipv4Private` → `Ipv4 private`, unless {@link FIELD_LABELS} names it. */
export function labelOf(field: string): string {
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  const words = field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLocaleLowerCase('en-US');
  return words.charAt(0).toLocaleUpperCase('en-US') + words.slice(1);
}
