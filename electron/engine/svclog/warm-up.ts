/**
 * A synthetic svclog that the app loads at start-up (prewarm.ts). The parse itself runs in the
 * svclog kernel (WebAssembly, compiled before it runs), but the parse workers have to start, and
 * V8 optimises the JavaScript around it (the index, the merge of the workers' parts, the events
 * the kernel hands back) only after it has run for a while: a fresh process's first 100 MB takes
 * about twice as long as the app's. Warming the engine while the user is still choosing a file
 * makes the first file load at full speed. The events cover the paths real files take: the System
 * block fast path, activity boundaries with names, transfers, trace records, exceptions, message
 * log records with WS-Addressing and ActivityId headers, and plain TraceSource text.
 */

/**
 * Events in the sample (about 12 MB), which prewarm.ts loads as many times as it takes: big enough
 * that each worker's part spans several read chunks and its tables grow as a real file's do (a
 * sample a fifth this size left the first real load 30% slower).
 */
export const WARM_UP_SAMPLE_EVENTS = 10_000;

const SYSTEM_NS = 'http://schemas.microsoft.com/2004/06/windows/eventlog/system';
const RECORD_NS = 'http://schemas.microsoft.com/2004/10/E2ETraceEvent/TraceRecord';
const MESSAGE_NS = 'http://schemas.microsoft.com/2004/06/ServiceModel/Management/MessageTrace';
const SUBTYPES = ['Transfer', 'Start', 'Information', 'Information', 'Information', 'Error', 'Warning', 'Stop'] as const;
type SubType = (typeof SUBTYPES)[number];
const LEVELS: Record<SubType, number> = { Start: 255, Transfer: 255, Stop: 255, Information: 8, Warning: 4, Error: 2 };
const ADDRESSING = 'http://www.w3.org/2005/08/addressing';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';

/** A GUID-shaped string that differs per `n` (the parser interns GUIDs, so they must vary). */
function guid(n: number): string {
  const h = (n * 2654435761) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return `${hex}-${hex.slice(0, 4)}-4${hex.slice(1, 4)}-a${hex.slice(2, 5)}-${hex}${(n & 0xffff).toString(16).padStart(4, '0')}`;
}

function time(n: number): string {
  const micro = String(n % 1_000_000).padStart(6, '0');
  // The seventh digit (100 ns) varies as in real traces: code specialised on whole microseconds would be thrown away.
  return `2026-11-20T10:${String((n >> 12) % 60).padStart(2, '0')}:${String((n >> 6) % 60).padStart(2, '0')}.${micro}${n % 10}Z`;
}

function record(n: number, sub: SubType, id: string, description: string, extra = ''): string {
  return (
    `<TraceData><DataItem><TraceRecord xmlns="${RECORD_NS}" Severity="${sub}"><TraceIdentifier>http://msdn.microsoft.com/en-US/library/System.ServiceModel.${id}.aspx</TraceIdentifier>` +
    `<Description>${description}</Description><AppDomain>Warm${n % 3}.exe</AppDomain>${extra}</TraceRecord></DataItem></TraceData>`
  );
}

/**
 * Message m of the sample (event n: one every eighth event). Four make an exchange, as a client and a
 * service log it: the request sent and received (the same MessageID, or for every fifth exchange
 * none, so the pair is made by ActivityId header and Action), then the reply sent and received
 * (RelatesTo naming the request), at the service or the transport layer: the pairing code then
 * runs every path a real trace takes.
 */
function messageLog(n: number, m: number, activity: string): string {
  const e = m >> 2;
  const step = m & 3;
  const reply = step >= 2;
  const send = step === 0 || step === 2;
  const layer = e % 3 === 2 ? 'Transport' : 'ServiceLevel';
  const source = layer === 'Transport' ? (send ? 'TransportSend' : 'TransportReceive') : `ServiceLevel${send ? 'Send' : 'Receive'}${reply ? 'Reply' : 'Request'}`;
  const request = `urn:uuid:${guid(0x10000 + e)}`;
  const messageId = reply ? `urn:uuid:${guid(0x20000 + e)}` : e % 5 === 4 ? '' : request;
  // Half the exchanges carry the event's own activity (which is then joined across processes), the
  // others an id no event has (their activities stay one per process), as do the ones without MessageID.
  const header = e % 2 === 0 && e % 5 !== 4 ? activity : guid(0x30000 + e);
  const headers =
    `<a:Action s:mustUnderstand="1">http://warm/IService/Op${e % 13}${reply ? 'Response' : ''}</a:Action>` +
    (messageId ? `<a:MessageID>${messageId}</a:MessageID>` : '') +
    (reply ? `<a:RelatesTo>${request}</a:RelatesTo>` : `<a:ReplyTo><a:Address>${ADDRESSING}/anonymous</a:Address></a:ReplyTo>`) +
    `<ActivityId CorrelationId="${guid(n + 7)}" xmlns="http://schemas.microsoft.com/2004/09/ServiceModel/Diagnostics">${header}</ActivityId>` +
    `<a:To s:mustUnderstand="1">http://warm${e % 2}.local/Service.svc</a:To>`;
  const lines = Array.from({ length: 1 + (n % 4) }, (_, k) => `<b:Line><b:Sku>SKU-${(n + k) % 1000}</b:Sku><b:Quantity>${k + 1}</b:Quantity><b:Note>a &amp; b</b:Note></b:Line>`).join('');
  return (
    `<TraceData><DataItem><MessageLogTraceRecord Time="${time(n)}" Source="${source}" Type="System.ServiceModel.Channels.BufferedMessage" xmlns="${MESSAGE_NS}">` +
    (reply ? '' : `<HttpRequest><Method>POST</Method><QueryString></QueryString><WebHeaders><Host>warm${e % 2}.local</Host><Expect>100-continue</Expect></WebHeaders></HttpRequest>`) +
    `<s:Envelope xmlns:s="${SOAP12}" xmlns:a="${ADDRESSING}"><s:Header>${headers}</s:Header>` +
    `<s:Body><Op${e % 13} xmlns="http://warm/"><b:Lines xmlns:b="http://warm/data">${lines}</b:Lines></Op${e % 13}></s:Body></s:Envelope>` +
    `</MessageLogTraceRecord></DataItem></TraceData>`
  );
}

function payload(n: number, sub: SubType, activity: string): string {
  switch (sub) {
    case 'Transfer':
      return '';
    case 'Start':
    case 'Stop':
      return record(n, sub, 'Diagnostics.ActivityBoundary', 'Activity boundary.', `<ExtendedData xmlns="http://schemas.microsoft.com/2006/08/ServiceModel/DictionaryTraceRecord"><ActivityName>Process action 'http://warm/IService/Op${n % 13}'.</ActivityName><ActivityType>ProcessAction</ActivityType></ExtendedData>`);
    case 'Error':
    case 'Warning':
      return record(
        n,
        sub,
        'Diagnostics.ThrowingException',
        `Throwing an exception (${n % 31}).`,
        `<Exception><ExceptionType>System.TimeoutException, mscorlib</ExceptionType><Message>Timed out after ${n % 60} s &lt;op&gt;</Message><StackTrace>at Warm.Op()</StackTrace>` +
          `<ExceptionString>System.TimeoutException: Timed out.</ExceptionString><DataItems><Data><Key>HelpLink.ProdName</Key><Value>Warm SQL</Value></Data></DataItems>` +
          (n % 2 ? `<InnerException><ExceptionType>System.IO.IOException</ExceptionType><Message>Reset</Message></InnerException>` : '') +
          `</Exception>`,
      );
    default:
      break;
  }
  switch (n % 4) {
    case 0:
      return messageLog(n, n >> 3, activity);
    case 1:
      return `Plain TraceSource text ${n} &lt;with markup&gt;`;
    default:
      return record(
        n,
        sub,
        'Channels.MessageSent',
        'Sent a message over a channel.',
        `<Source>System.ServiceModel.Channels.HttpOutput/${n}</Source><ExtendedData xmlns="http://schemas.microsoft.com/2006/08/ServiceModel/MessageTransmitTraceRecord"><MessageProperties><Via>http://warm/Service.svc</Via></MessageProperties>` +
          `<MessageHeaders><Action d4p1:mustUnderstand="1" xmlns:d4p1="${SOAP12}" xmlns="${ADDRESSING}">http://warm/IService/Op${n % 13}</Action><MessageID xmlns="${ADDRESSING}">urn:uuid:${guid(n)}</MessageID></MessageHeaders></ExtendedData>`,
      );
  }
}

/**
 * The processes events come from, in turns of two events: a client and a service on two machines
 * with the same process id, as real traces interleave them (one activity spans several).
 */
const PROCESSES = [
  { computer: 'WARM0', name: 'WarmClient', pid: 3001 },
  { computer: 'WARM1', name: 'w3wp', pid: 4001 },
  { computer: 'WARM2', name: 'w3wp', pid: 4001 },
];

/** `count` events as XmlWriterTraceListener writes them, CRLF-separated, UTF-8. */
export function warmUpSample(count: number): Buffer {
  const parts: string[] = [];
  for (let n = 0; n < count; n++) {
    const sub = SUBTYPES[n % SUBTYPES.length];
    const activity = guid(n >> 3);
    const related = sub === 'Transfer' ? ` RelatedActivityID="{${guid((n >> 3) + 1)}}"` : '';
    const appData = payload(n, sub, activity);
    const proc = PROCESSES[(n >> 1) % PROCESSES.length];
    parts.push(
      `<E2ETraceEvent xmlns="http://schemas.microsoft.com/2004/06/E2ETraceEvent"><System xmlns="${SYSTEM_NS}"><EventID>${n % 500}</EventID><Type>3</Type>` +
        `<SubType Name="${sub}">0</SubType><Level>${LEVELS[sub]}</Level><TimeCreated SystemTime="${time(n)}" /><Source Name="System.ServiceModel" />` +
        `<Correlation ActivityID="{${activity}}"${related} /><Execution ProcessName="${proc.name}" ProcessID="${proc.pid}" ThreadID="${n % 16}" /><Channel />` +
        `<Computer>${proc.computer}</Computer></System><ApplicationData>${appData}</ApplicationData></E2ETraceEvent>\r\n`,
    );
  }
  return Buffer.from(parts.join(''), 'utf8');
}
