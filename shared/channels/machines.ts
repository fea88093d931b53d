/**
 * Machines channels: every name a computer goes by in the loaded files, grouped into machines
 * (automatically when equal ignoring case and domain; by the user otherwise), and the user's joins.
 * Joins are saved in the workspace and used by the IIS ↔ WCF links, the IIS server filter and the
 * clock offsets of IIS rows.
 */
import { z } from 'zod';

const name = z.string().min(1).max(256);
/** The user's joins: groups of names that are one machine. */
export const machineGroupsSchema = z.array(z.array(name).min(2).max(100)).max(1000);

export const machinesSchemas = {
  'machines.list': z.object({}).strict(),
  /** Joins these names (and the machines they already belong to) into one machine. */
  'machines.join': z.object({ names: z.array(name).min(2).max(100) }).strict(),
  /** Takes a name out of the user's joins (automatic joins stay). */
  'machines.split': z.object({ name }).strict(),
  'machines.restore': z.object({ groups: machineGroupsSchema }).strict(),
} as const;

export type MachineNameSource = 'svclog Computer' | 'IIS s-computername' | 'IIS s-ip' | 'IIS cs-host' | 'address host' | 'FREB computerName' | 'event log Computer';

export interface MachineName {
  name: string;
  /** Where the name was seen. */
  sources: MachineNameSource[];
  /** True when the user joined it (it can be split off again). */
  joinedByUser: boolean;
}

export interface Machine {
  /** What the views call it: its svclog Computer name where there is one (clock offsets are kept by it). */
  name: string;
  names: MachineName[];
}

export interface MachinesReport {
  /** Bumped on every join or split. */
  version: number;
  machines: Machine[];
  /** In the workspace file's shape, for saving. */
  groups: string[][];
}

export interface MachinesResponses {
  'machines.list': MachinesReport;
  'machines.join': MachinesReport;
  'machines.split': MachinesReport;
  'machines.restore': MachinesReport;
}
