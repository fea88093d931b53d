/**
 * "Capture next time": the configuration that makes IIS write a failed request trace (FREB) and a
 * full memory dump (procdump) the next time a URL is slow or fails, generated from a request's
 * fields — the documented procedure for IIS on Azure web roles. XML is written by fast-xml-parser's
 * builder, so values from the (untrusted) log are escaped, and the output parses as XML.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { CaptureConfig } from '../../../shared/channels/iis';

export interface CaptureInput {
  stem: string;
  /** time-taken threshold, ms (rounded up to whole seconds: FREB's timeTaken is hh:mm:ss). */
  timeTakenMs: number;
  /** Status codes to trace ("500", "503.2"). */
  statusCodes: readonly string[];
  dumpFolder?: string;
  maxDumps?: number;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, indentBy: '  ', suppressEmptyNode: true, suppressBooleanAttributes: false, commentPropName: '#comment' });

/** hh:mm:ss of a threshold in ms, at least one second. */
export function frebTimeTaken(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

/** FREB's `path` is matched against the requested file name: the stem's last segment. */
function frebPath(stem: string): string {
  const last = stem.split('/').filter(Boolean).pop() ?? '*';
  return last.replace(/[<>"]/g, '') || '*';
}

export function captureConfig(input: CaptureInput): CaptureConfig {
  const folder = input.dumpFolder?.trim() || 'C:\\Dumps';
  const limit = input.maxDumps ?? 3;
  const timeTaken = frebTimeTaken(input.timeTakenMs);
  const codes = input.statusCodes.length ? input.statusCodes.join(',') : '500-599';
  const webConfig = builder.build({
    configuration: {
      'system.webServer': {
        tracing: {
          traceFailedRequests: {
            '#comment': ` Failed request tracing for ${input.stem.replace(/--/g, '- -')}: slower than ${timeTaken} or status ${codes} `,
            add: {
              '@path': frebPath(input.stem),
              traceAreas: {
                add: [
                  { '@provider': 'ASPNET', '@areas': 'Infrastructure,Module,Page,AppServices', '@verbosity': 'Verbose' },
                  { '@provider': 'ISAPI Extension', '@verbosity': 'Verbose' },
                  { '@provider': 'WWW Server', '@areas': 'Authentication,Security,Filter,StaticFile,CGI,Compression,Cache,RequestNotifications,Module,FastCGI,WebSocket', '@verbosity': 'Verbose' },
                ],
              },
              failureDefinitions: {
                '@timeTaken': timeTaken,
                '@statusCodes': codes,
                '@customActionExe': 'C:\\Tools\\procdump.exe',
                '@customActionParams': `-ma -accepteula %1% ${folder}`,
                '@customActionTriggerLimit': String(limit),
              },
            },
          },
        },
      },
    },
  });
  const appHost = builder.build({
    configuration: {
      'system.applicationHost': {
        sites: {
          siteDefaults: {
            traceFailedRequestsLogging: { '@enabled': 'true', '@customActionsEnabled': 'true', '@directory': '%SystemDrive%\\inetpub\\logs\\FailedReqLogFiles', '@maxLogFiles': '200' },
          },
        },
      },
    },
  });
  const appcmd = [
    'REM Run elevated on the web host (an Azure web role: a startup task with executionContext="elevated").',
    'REM Failed request tracing must be installed: Install-WindowsFeature Web-Http-Tracing',
    '%windir%\\system32\\inetsrv\\appcmd.exe set config -section:system.applicationHost/sites -siteDefaults.traceFailedRequestsLogging.enabled:"true" /commit:apphost',
    '%windir%\\system32\\inetsrv\\appcmd.exe set config -section:system.applicationHost/sites -siteDefaults.traceFailedRequestsLogging.customActionsEnabled:"true" /commit:apphost',
    '%windir%\\system32\\inetsrv\\appcmd.exe unlock config -section:system.webServer/tracing/traceFailedRequests',
    `mkdir "${folder}"`,
    `icacls "${folder}" /grant "IIS_IUSRS:(OI)(CI)M"`,
  ].join('\r\n');
  const where = [
    'Azure web role (Cloud Services) locations:',
    '  IIS logs:  C:\\Resources\\Directory\\{DeploymentID}.{Rolename}.DiagnosticStore\\LogFiles\\Web',
    '  FREB:      C:\\Resources\\Directory\\{DeploymentID}.{Rolename}.DiagnosticStore\\FailedReqLogFiles',
    '  HTTPERR:   D:\\Windows\\System32\\LogFiles\\HTTPERR (the OS drive of the role instance)',
    `  Dumps:     ${folder} (procdump.exe copied to C:\\Tools\\ by a startup task)`,
    '',
    'Permissions: procdump runs as the application pool identity when IIS triggers it, so that identity',
    `(IIS_IUSRS, or "IIS AppPool\\<pool name>") needs Modify on ${folder}, and the FREB directory must be`,
    'writable by the World Wide Web Publishing Service. Keep the dump folder off the OS drive (D: on a web',
    'role; C: is its resource disk): full dumps of w3wp are as large as its memory. customActionTriggerLimit caps how many dumps one rule writes.',
  ].join('\n');
  return {
    url: input.stem,
    timeTakenMs: input.timeTakenMs,
    statusCodes: [...input.statusCodes],
    sections: [
      { title: 'web.config (the site or application): failed request tracing and procdump', language: 'xml', text: webConfig },
      { title: 'applicationHost.config: allow custom actions', language: 'xml', text: appHost },
      { title: 'The same change with appcmd, and the dump folder', language: 'cmd', text: appcmd },
      { title: 'Where the files are, and permissions', language: 'text', text: where },
    ],
  };
}
