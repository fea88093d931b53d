/** What a loaded svclog file provides to the rest of the app (see ../capabilities.ts). */
import { addressHost } from '../../../shared/machines';
import { namesFrom, type Capabilities, type MachineNames } from '../capabilities';
import { svclogAppendable } from './append';
import type { SvclogFile } from './file';
import { traceExportRows } from './queries/export-rows';

export function svclogCapabilities(file: SvclogFile): Capabilities {
  const { events, messages, strings } = file.data;
  const n = file.recordCount;
  let names: MachineNames | undefined;
  return {
    activities: file,
    // Computed on first use (distinct values of two columns) and kept: a loaded file does not change.
    get machineNames() {
      return (names ??= {
        names: [
          ...namesFrom([...new Set(events.computer.subarray(0, n))].map((id) => file.str(id)), 'svclog Computer'),
          ...namesFrom(new Set([...new Set(messages.to.subarray(0, file.data.messageCount))].map((id) => addressHost(file.str(id)))), 'address host'),
        ],
        together: [],
      });
    },
    exportRows: traceExportRows(file),
    append: svclogAppendable(file),
    clockRuns: { runOf: events.computer, runs: strings.length, nameOf: (id) => file.str(id), times: events.timeUs.subarray(0, n) },
  };
}
