/**
 * The user's machine joins of one session: groups of names that are one machine. Joining names
 * merges the groups they are in; splitting takes one name out. `version` changes on every edit.
 */
import { machineKey } from '../../../shared/machines';

export class MachineState {
  private groupList: string[][] = [];
  private changes = 0;

  get version(): number {
    return this.changes;
  }

  get groups(): readonly (readonly string[])[] {
    return this.groupList;
  }

  join(names: readonly string[]): void {
    const keys = new Set(names.map(machineKey));
    const touched = this.groupList.filter((g) => g.some((n) => keys.has(machineKey(n))));
    const merged = [...new Set([...names, ...touched.flat()])];
    this.groupList = [...this.groupList.filter((g) => !touched.includes(g)), merged];
    this.changes++;
  }

  split(name: string): void {
    const key = machineKey(name);
    this.groupList = this.groupList.map((g) => g.filter((n) => machineKey(n) !== key)).filter((g) => g.length > 1);
    this.changes++;
  }

  restore(groups: readonly (readonly string[])[]): void {
    this.groupList = [];
    for (const g of groups) this.join(g);
  }
}
