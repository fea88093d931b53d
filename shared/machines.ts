/**
 * Machine identity: one computer goes by several names across formats (IIS s-computername, s-ip,
 * cs-host, the svclog Computer, the host of an endpoint or To address, FREB computerName). Names
 * equal ignoring case and domain suffix are one machine without asking; the user joins the rest.
 * Pure: the main side and the renderer both resolve names with it.
 */

/** Lower-cased host name without its domain ("WEB01.contoso.com" → "web01"); IPs stay whole. */
export function machineKey(name: string): string {
  const n = name.trim().toLowerCase();
  if (/^[\d.]+$/.test(n) || n.includes(':')) return n.replace(/^\[|\]$/g, '');
  return n.split('.')[0];
}

/** The host of an absolute address ("http://web01.contoso.com:8080/Svc.svc" → "web01.contoso.com"), or ''. */
export function addressHost(address: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(address.trim());
  return m ? m[1] : '';
}

/**
 * Names resolved to machines: the automatic rule (machineKey) plus the user's joins (groups of
 * names that are one machine), by union-find over the keys.
 */
export class MachineJoiner {
  private readonly parent = new Map<string, string>();
  /** Names already resolved: views ask for the same few names again and again. */
  private readonly resolved = new Map<string, string>();

  constructor(groups: readonly (readonly string[])[]) {
    for (const g of groups) for (let k = 1; k < g.length; k++) this.union(machineKey(g[0]), machineKey(g[k]));
  }

  /** The machine a name belongs to: the same string for every name of one machine. */
  machineOf(name: string): string {
    let m = this.resolved.get(name);
    if (m === undefined) this.resolved.set(name, (m = this.find(machineKey(name))));
    return m;
  }

  same(a: string, b: string): boolean {
    return this.machineOf(a) === this.machineOf(b);
  }

  private find(k: string): string {
    let root = k;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    if (root !== k) this.parent.set(k, root);
    return root;
  }

  private union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb < ra ? ra : rb, rb < ra ? rb : ra);
  }
}
