# Peer for bench/load.bench.ts: Python lxml iterparse over an svclog (a fragment of top-level
# <E2ETraceEvent> elements, so the bytes are fed inside one wrapper element), one record kept per
# event ({activity, type, time, computer, pid}), elements cleared as they end. Prints the count.
import sys
from lxml import etree

E2E = '{http://schemas.microsoft.com/2004/06/E2ETraceEvent}'
SYS = '{http://schemas.microsoft.com/2004/06/windows/eventlog/system}'

parser = etree.XMLPullParser(events=('end',), tag=E2E + 'E2ETraceEvent', huge_tree=True)
parser.feed(b'<root>')
records = []
with open(sys.argv[1], 'rb') as f:
    while True:
        chunk = f.read(1 << 20)
        if not chunk:
            break
        parser.feed(chunk)
        for _, ev in parser.read_events():
            system = ev.find(SYS + 'System')
            rec = {'activity': '', 'type': '', 'time': '', 'computer': '', 'pid': -1}
            if system is not None:
                sub = system.find(SYS + 'SubType')
                tc = system.find(SYS + 'TimeCreated')
                corr = system.find(SYS + 'Correlation')
                ex = system.find(SYS + 'Execution')
                comp = system.find(SYS + 'Computer')
                rec['type'] = sub.get('Name', '') if sub is not None else ''
                rec['time'] = tc.get('SystemTime', '') if tc is not None else ''
                rec['activity'] = corr.get('ActivityID', '') if corr is not None else ''
                rec['pid'] = int(ex.get('ProcessID', '-1')) if ex is not None else -1
                rec['computer'] = comp.text or '' if comp is not None else ''
            records.append(rec)
            ev.clear()
            parent = ev.getparent()
            while ev.getprevious() is not None:
                del parent[0]
parser.feed(b'</root>')
parser.close()
print(len(records))
