import { useStore } from '../store';
import { useView, type LeftTab } from '../viewStore';
import { ActivityTable } from './ActivityTable';
import { GraphView } from './graph/GraphView';
import { MessageTable } from './MessageTable';
import { RecordTable } from './RecordTable';

const TABS: { id: LeftTab; label: string }[] = [
  { id: 'activities', label: 'Activities' },
  { id: 'messages', label: 'Messages' },
  { id: 'records', label: 'All records' },
  { id: 'graph', label: 'Graph' },
];

/** STV's left pane: the activity view, the message view, and (for IIS logs until their view comes) every record. */
export function LeftPane() {
  const tab = useView((s) => s.leftTab);
  const setTab = useView((s) => s.setLeftTab);
  const all = useStore((s) => s.recordTotal);
  // The filtered count once the main side said it (All records takes the filter too).
  const total = useView((s) => s.filterStatus?.records) ?? all;
  return (
    <section className="left-pane">
      <div className="tabs" role="tablist">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'tab active' : 'tab'} onClick={() => setTab(t.id)} data-testid={`tab-${t.id}`}>
            {t.label}
            {t.id === 'records' ? ` (${total.toLocaleString('en-US')})` : ''}
          </button>
        ))}
      </div>
      {tab === 'activities' && <ActivityTable />}
      {tab === 'messages' && <MessageTable />}
      {tab === 'records' && <RecordTable />}
      {tab === 'graph' && <GraphView />}
    </section>
  );
}
