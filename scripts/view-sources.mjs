// Which sources each README screenshot shows, and their hash: shared by
// scripts/readme-screenshots.mjs (records it at capture time) and the unit test that compares.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The toolbar and what it opens in place (the Time menu, the Problems badge). */
const TOOLBAR = ['renderer/src/components/Toolbar.tsx', 'renderer/src/components/TimeZoneMenu.tsx', 'renderer/src/components/ProblemsPanel.tsx'];

const TRACES_VIEW = [
  'renderer/src/styles.css',
  'renderer/src/components/App.tsx',
  ...TOOLBAR,
  'renderer/src/components/FilterBar.tsx',
  'renderer/src/components/MultiSelect.tsx',
  'renderer/src/components/LeftPane.tsx',
  'renderer/src/components/ActivityTable.tsx',
  'renderer/src/components/ActivityIcon.tsx',
  'renderer/src/components/VirtualTable.tsx',
  'renderer/src/components/TableRow.tsx',
  'renderer/src/components/TraceList.tsx',
  'renderer/src/components/LevelIcon.tsx',
  'renderer/src/components/DetailPane.tsx',
  'renderer/src/components/FormattedView.tsx',
  'renderer/src/components/XmlView.tsx',
  'renderer/src/components/FilesPanel.tsx',
  'renderer/src/components/StatusBar.tsx',
];

/** The README's screenshots: where each comes from and the sources of what it shows (a folder counts whole). */
export const SCREENSHOTS = [
  {
    file: 'assets/screenshot.png',
    shows: 'the Traces view on the bundled samples: an activity with an error, its traces, the exception',
    test: 'tests/e2e/newcomer.test.ts',
    capture: 'newcomer-samples',
    sources: TRACES_VIEW,
  },
  {
    file: 'assets/graph-raw.png',
    shows: 'the message-flow graph on the generated five-machine scenario, raw time',
    test: 'tests/e2e/graph.test.ts',
    capture: 'graph-raw',
    sources: ['renderer/src/styles.css', 'renderer/src/components/App.tsx', ...TOOLBAR, 'renderer/src/components/LeftPane.tsx', 'renderer/src/components/graph', 'electron/services/graph'],
  },
  {
    file: 'assets/graph-focus.png',
    shows: 'the graph on one order of the generated three-machine run (sequence layout, focused)',
    test: 'tests/e2e/graph-sequence.test.ts',
    capture: 'graph-focus-order',
    sources: ['renderer/src/styles.css', 'renderer/src/components/App.tsx', ...TOOLBAR, 'renderer/src/components/LeftPane.tsx', 'renderer/src/components/graph', 'electron/services/graph'],
  },
  {
    file: 'assets/graph-overview.png',
    shows: 'the whole generated three-machine run at Fit (bundled arrows, the pause as a break)',
    test: 'tests/e2e/graph-sequence.test.ts',
    capture: 'graph-overview',
    sources: ['renderer/src/styles.css', 'renderer/src/components/App.tsx', ...TOOLBAR, 'renderer/src/components/LeftPane.tsx', 'renderer/src/components/graph', 'electron/services/graph'],
  },
  {
    file: 'assets/iis-triage.png',
    shows: "the IIS view on the bundled samples, APP01's 503.2 burst selected",
    test: 'tests/e2e/iis-triage.test.ts',
    capture: 'iis-samples-burst',
    sources: ['renderer/src/styles.css', 'renderer/src/components/App.tsx', ...TOOLBAR, 'renderer/src/components/iis'],
  },  {
    file: 'assets/iis-503-clients.png',
    shows: 'a 503.2 on the generated three-machine run: no service activity by design, the client activities that got ServerTooBusy',
    test: 'tests/e2e/iis-machines.test.ts',
    capture: 'machines-503-clients',
    sources: ['renderer/src/styles.css', 'renderer/src/components/App.tsx', ...TOOLBAR, 'renderer/src/components/iis', 'electron/services/iis-views'],
  },
];

function expand(root, rel) {
  const full = join(root, rel);
  if (!statSync(full).isDirectory()) return [rel];
  return readdirSync(full)
    .sort()
    .flatMap((name) => expand(root, `${rel}/${name}`));
}

/** sha256 over each source's path and text (line endings normalised), and each file's own hash. */
export function viewSourcesHash(root, sources) {
  const all = createHash('sha256');
  const files = [...new Set(sources.flatMap((s) => expand(root, s)))].sort().map((path) => {
    const text = readFileSync(join(root, path), 'utf8').replace(/\r\n/g, '\n');
    all.update(`${path}\0${text}\0`);
    return { path, sha256: createHash('sha256').update(text).digest('hex') };
  });
  return { hash: all.digest('hex'), files };
}
