// Writes XmlWriterTraceListener events (what WCF puts in .svclog files) for our own samples and
// test scenarios. Times are 100 ns ticks since the Unix epoch, as the listener writes them.

export const ZERO_ACTIVITY = '00000000-0000-0000-0000-000000000000';

/** A deterministic GUID source (LCG) so generated files are the same bytes on every machine. */
export function guidSource(seed) {
  let s = seed >>> 0;
  const rand = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
  const hex = (n) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  return { rand, guid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}` };
}

export function ticksIso(t) {
  const ms = Math.floor(t / 10_000);
  const rest = String(t % 10_000).padStart(4, '0');
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, `.$1${rest}Z`);
}

export const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const TYPES = { Start: 1, Stop: 2, Transfer: 3, Information: 3, Error: 3, Warning: 3 };

/** One E2ETraceEvent, CRLF-terminated. `proc` = {name, pid, tid}. */
export function traceEvent({ t, sub, level, source = 'System.ServiceModel', act, related, proc, host, body = '', eventId = 0 }) {
  const rel = related ? ` RelatedActivityID="{${related}}"` : '';
  return (
    `<E2ETraceEvent xmlns="http://schemas.microsoft.com/2004/06/E2ETraceEvent"><System xmlns="http://schemas.microsoft.com/2004/06/windows/eventlog/system">` +
    `<EventID>${eventId}</EventID><Type>${TYPES[sub] ?? 3}</Type><SubType Name="${sub}">0</SubType><Level>${level}</Level>` +
    `<TimeCreated SystemTime="${ticksIso(t)}" /><Source Name="${source}" /><Correlation ActivityID="{${act}}"${rel} />` +
    `<Execution ProcessName="${proc.name}" ProcessID="${proc.pid}" ThreadID="${proc.tid}" /><Channel /><Computer>${host}</Computer></System>` +
    `<ApplicationData>${body}</ApplicationData></E2ETraceEvent>\r\n`
  );
}

/** A WCF TraceRecord (Description, optional extra XML such as an Exception). */
export function traceRecord(severity, id, description, extra = '', appDomain = 'TraceLensSample') {
  return (
    `<TraceData><DataItem><TraceRecord xmlns="http://schemas.microsoft.com/2004/10/E2ETraceEvent/TraceRecord" Severity="${severity}">` +
    `<TraceIdentifier>http://msdn.microsoft.com/en-US/library/System.ServiceModel.Diagnostics.${id}.aspx</TraceIdentifier>` +
    `<Description>${escapeXml(description)}</Description><AppDomain>${appDomain}</AppDomain>${extra}</TraceRecord></DataItem></TraceData>`
  );
}

/** The Start/Stop record that names an activity, as WCF writes it. */
export function activityBoundary(name, type, severity = 'Start') {
  return traceRecord(
    severity,
    'ActivityBoundary',
    'Activity boundary.',
    `<ExtendedData xmlns="http://schemas.microsoft.com/2006/08/ServiceModel/DictionaryTraceRecord"><ActivityName>${escapeXml(name)}</ActivityName><ActivityType>${type}</ActivityType></ExtendedData>`,
  );
}

/** A MessageLogTraceRecord with a SOAP 1.2 envelope carrying WS-Addressing and an ActivityId header. */
export function messageRecord({ t, source, action, messageId, relatesTo, activityHeader, correlationId, to, body, http = '' }) {
  const time = new Date(Math.floor(t / 10_000)).toISOString();
  const headers =
    `<s:Header><a:Action s:mustUnderstand="1">${action}</a:Action>` +
    (messageId ? `<a:MessageID>urn:uuid:${messageId}</a:MessageID>` : '') +
    (relatesTo ? `<a:RelatesTo>urn:uuid:${relatesTo}</a:RelatesTo>` : '') +
    `<ActivityId CorrelationId="${correlationId}" xmlns="http://schemas.microsoft.com/2004/09/ServiceModel/Diagnostics">${activityHeader}</ActivityId>` +
    (to ? `<a:To s:mustUnderstand="1">${to}</a:To>` : '') +
    `</s:Header>`;
  return (
    `<TraceData><DataItem><MessageLogTraceRecord Time="${time}" Source="${source}" Type="System.ServiceModel.Channels.BufferedMessage" xmlns="http://schemas.microsoft.com/2004/06/ServiceModel/Management/MessageTrace">` +
    http +
    `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing">${headers}<s:Body>${body}</s:Body></s:Envelope>` +
    `</MessageLogTraceRecord></DataItem></TraceData>`
  );
}

/** Events sorted by their SystemTime, as one listener would have written them. */
export function sortEvents(events) {
  const time = (e) => e.match(/SystemTime="([^"]+)"/)[1];
  return events.sort((a, b) => time(a).localeCompare(time(b)));
}
