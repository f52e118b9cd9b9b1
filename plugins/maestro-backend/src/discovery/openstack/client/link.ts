/** A `links` entry (Nova, Cinder, Octavia, Keystone). */
export interface OpenStackLink {
  href: string;
  rel: string;
  type?: string;
}
