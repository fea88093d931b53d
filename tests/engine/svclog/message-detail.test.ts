/** The Message tab of a message record that is not SOAP (an HTTP GET and its response): the logged record, not nothing. */
import { describe, expect, it } from 'vitest';
import { buildDetail } from '../../../electron/engine/svclog/queries/detail';

const event = (record: string) =>
  `<E2ETraceEvent xmlns="http://schemas.microsoft.com/2004/06/E2ETraceEvent"><System xmlns="http://schemas.microsoft.com/2004/06/windows/eventlog/system"><EventID>0</EventID></System>` +
  `<ApplicationData><TraceData><DataItem>${record}</DataItem></TraceData></ApplicationData></E2ETraceEvent>`;
const base = { fileId: 'f', index: 0, title: 't', fields: [] };

describe('Message tab', () => {
  it('shows an HTTP GET without an envelope as its logged record', () => {
    const d = buildDetail(base, event(`<MessageLogTraceRecord Time="2026-11-20T09:00:00Z" Source="TransportReceive" Type="System.ServiceModel.Channels.StreamedMessage" xmlns="http://schemas.microsoft.com/2004/06/ServiceModel/Management/MessageTrace">
  <HttpRequest><Method>GET</Method><QueryString>wsdl</QueryString><WebHeaders><Host>web01</Host></WebHeaders></HttpRequest>
</MessageLogTraceRecord>`));
    expect(d.message).toMatch(/<HttpRequest>/);
    expect(d.message).toMatch(/<Method>GET<\/Method>/);
  });

  it('still shows a SOAP message as its envelope', () => {
    const d = buildDetail(base, event(`<MessageLogTraceRecord xmlns="http://schemas.microsoft.com/2004/06/ServiceModel/Management/MessageTrace"><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>x</s:Body></s:Envelope></MessageLogTraceRecord>`));
    expect(d.message).toMatch(/^<s:Envelope/);
  });
});
