// Peer for `bench/load.bench.ts`: saxes (streaming SAX) over an svclog, one record kept per event
// ({activity, type, time, computer, pid}, as ../shared/bench/README.md's reference figures keep),
// the whole file read in 1 MiB chunks. Prints the number of events.
const { createReadStream } = require('node:fs');
const { SaxesParser } = require('saxes');

const records = [];
let cur = null;
let inComputer = false;
let computer = '';
const parser = new SaxesParser({ fragment: true });
parser.on('opentag', (tag) => {
  const local = tag.name.slice(tag.name.indexOf(':') + 1);
  const a = tag.attributes;
  if (local === 'E2ETraceEvent') cur = { activity: '', type: '', time: '', computer: '', pid: -1 };
  else if (!cur) return;
  else if (local === 'SubType') cur.type = a.Name ?? '';
  else if (local === 'TimeCreated') cur.time = a.SystemTime ?? '';
  else if (local === 'Correlation') cur.activity = a.ActivityID ?? '';
  else if (local === 'Execution') cur.pid = Number(a.ProcessID ?? -1);
  else if (local === 'Computer') {
    inComputer = true;
    computer = '';
  }
});
parser.on('text', (t) => {
  if (inComputer) computer += t;
});
parser.on('closetag', (tag) => {
  const local = tag.name.slice(tag.name.indexOf(':') + 1);
  if (local === 'Computer' && cur) {
    cur.computer = computer;
    inComputer = false;
  } else if (local === 'E2ETraceEvent' && cur) {
    records.push(cur);
    cur = null;
  }
});
createReadStream(process.argv[2], { encoding: 'utf8', highWaterMark: 1 << 20 })
  .on('data', (chunk) => parser.write(chunk))
  .on('end', () => {
    parser.close();
    process.stdout.write(`${records.length}\n`);
  });
