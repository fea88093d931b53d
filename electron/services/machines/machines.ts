/**
 * The machines of a session: every name a computer goes by in the loaded files, resolved through
 * the automatic rule and the user's joins. `machines(session).identity()` is the one function
 * views and filters call to tell whether two names are the same machine.
 */
import type { Machine, MachineNameSource, MachinesReport } from '../../../shared/channels/machines';
import { MachineJoiner, machineKey } from '../../../shared/machines';
import type { MachineNames } from '../../engine/capabilities';
import type { Session } from '../session';
import { MachineState } from './machine-state';

/** Names with their sources, in the order first seen. */
type NameSources = Map<string, Set<MachineNameSource>>;

/** Sources that name the computer a record was written on (not a name a client or an address used). */
const RECORD_SOURCES = new Set<MachineNameSource>(['svclog Computer', 'IIS s-computername', 'FREB computerName', 'event log Computer']);

const NO_NAMES: MachineNames = { names: [], together: [] };

/**
 * Every machine name of the visible files (distinct values only: string tables, not rows), and the
 * names a log's rows put together: a row's s-computername and s-ip are the same machine.
 */
export function namesSeen(session: Session): { names: NameSources; together: string[][] } {
  const out: NameSources = new Map();
  const together: string[][] = [];
  for (const { file } of session.visible()) {
    const r = file.provides.machineNames ?? NO_NAMES;
    for (const [name, source] of r.names) {
      const n = name.trim();
      if (!n || n === '-' || n.length > 256) continue;
      let s = out.get(n);
      if (!s) out.set(n, (s = new Set()));
      s.add(source);
    }
    for (const pair of r.together) together.push([...pair]);
  }
  return { names: out, together };
}

export interface MachineIdentity {
  version: number;
  /** The machine a name belongs to (same string for every name of one machine). */
  machineOf(name: string): string;
  same(a: string, b: string): boolean;
  /** The machine's name as the views show it (its svclog Computer name where there is one). */
  displayName(name: string): string;
  /** The svclog Computer names of the machine a name belongs to (clock offsets are kept by them). */
  traceComputers(name: string): string[];
}

export class Machines {
  readonly state = new MachineState();
  private cached?: { version: number; session: number; identity: MachineIdentity; seen: NameSources };

  constructor(private readonly session: Session) {}

  get version(): number {
    return this.state.version;
  }

  private build(): { identity: MachineIdentity; seen: NameSources } {
    if (this.cached && this.cached.version === this.state.version && this.cached.session === this.session.version) return this.cached;
    const { names: seen, together } = namesSeen(this.session);
    const joiner = new MachineJoiner([...together, ...this.state.groups]);
    const computers = new Map<string, string[]>();
    for (const [name, sources] of seen) {
      if (!sources.has('svclog Computer')) continue;
      const m = joiner.machineOf(name);
      computers.set(m, [...(computers.get(m) ?? []), name]);
    }
    const identity: MachineIdentity = {
      version: this.state.version,
      machineOf: (n) => joiner.machineOf(n),
      same: (a, b) => joiner.same(a, b),
      displayName: (n) => computers.get(joiner.machineOf(n))?.[0] ?? n,
      traceComputers: (n) => computers.get(joiner.machineOf(n)) ?? [],
    };
    this.cached = { version: this.state.version, session: this.session.version, identity, seen };
    return this.cached;
  }

  identity(): MachineIdentity {
    return this.build().identity;
  }

  /**
   * The filter bar's hosts: one entry per machine that records were written on (trace, IIS,
   * FREB and event-log computers, plus `more`), by the name the views show it by. Picking one keeps
   * the records of every name joined to it (record-query.ts, svclog-views/filter.ts).
   */
  recordHosts(more: readonly string[] = []): string[] {
    const { identity, seen } = this.build();
    const byMachine = new Map<string, string>();
    const add = (name: string) => {
      const m = identity.machineOf(name);
      if (!byMachine.has(m)) byMachine.set(m, identity.displayName(name));
    };
    for (const name of more) if (name) add(name);
    for (const [name, sources] of seen) if ([...sources].some((s) => RECORD_SOURCES.has(s))) add(name);
    return [...byMachine.values()].sort((a, b) => a.localeCompare(b));
  }

  report(): MachinesReport {
    const { identity, seen } = this.build();
    const userKeys = new Set(this.state.groups.flat().map(machineKey));
    const byMachine = new Map<string, Machine>();
    for (const [name, sources] of seen) {
      const m = identity.machineOf(name);
      let machine = byMachine.get(m);
      if (!machine) byMachine.set(m, (machine = { name: identity.displayName(name), names: [] }));
      machine.names.push({ name, sources: [...sources], joinedByUser: userKeys.has(machineKey(name)) });
    }
    const machines = [...byMachine.values()].sort((a, b) => a.name.localeCompare(b.name)).slice(0, 2000);
    return { version: this.state.version, machines, groups: this.state.groups.map((g) => [...g]) };
  }
}

/** The machines of a session (one per window or browser host; see session-services.ts). */
export function machines(session: Session): Machines {
  return session.services.machines;
}
