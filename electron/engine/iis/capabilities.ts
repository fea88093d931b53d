/** What loaded IIS-family files provide to the rest of the app (see ../capabilities.ts). */
import { namesFrom, type Capabilities, type ExportRows, type MachineNames } from '../capabilities';
import { iisAppendable } from './append';
import { requestExportRows } from './export-rows';
import type { FrebFile } from './freb';
import type { IisLogFile } from './log-file';

/** Rows of a log read for the s-computername / s-ip pairs that are one machine. */
const PAIR_ROWS = 2000;

function logMachineNames(file: IisLogFile): MachineNames {
  const t = file.table;
  const names = [
    ...namesFrom(t.data.str.computer?.values ?? [], 'IIS s-computername'),
    ...namesFrom(t.data.str.sIp?.values ?? [], 'IIS s-ip'),
    ...namesFrom(t.data.str.host?.values ?? [], 'IIS cs-host', (v) => v.replace(/:\d+$/, '')),
  ];
  const together: [string, string][] = [];
  const seen = new Set<string>();
  for (let i = 0; i < Math.min(t.rows, PAIR_ROWS); i++) {
    const [c, ip] = [t.str('computer', i), t.str('sIp', i)];
    if (!c || !ip || c === '-' || ip === '-' || seen.has(`${c} ${ip}`)) continue;
    seen.add(`${c} ${ip}`);
    together.push([c, ip]);
  }
  return { names, together };
}

export function logCapabilities(file: IisLogFile): Capabilities {
  let names: MachineNames | undefined;
  let rows: ExportRows | undefined;
  return {
    requests: file,
    append: iisAppendable(file),
    get exportRows() {
      return (rows ??= requestExportRows(file));
    },
    // Computed on first use and kept: a loaded file does not change.
    get machineNames() {
      return (names ??= logMachineNames(file));
    },
  };
}

export function frebCapabilities(file: FrebFile): Capabilities {
  let names: MachineNames | undefined;
  return {
    requestTrace: file,
    get machineNames() {
      return (names ??= { names: namesFrom(new Set(file.parsed.events.map((e) => e.computer)), 'FREB computerName'), together: [] });
    },
  };
}
