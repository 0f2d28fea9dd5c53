import { describe, expect, it } from 'vitest';
import { parseSoapAnswer, parseTr64Services, soapEnvelope } from '../../../gateway/accounts/tr064-soap.ts';

const env = (inner: string): string =>
  `<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${inner}</s:Body></s:Envelope>`;

describe('TR-064 SOAP', () => {
  it('builds an envelope with escaped arguments', () => {
    const x = soapEnvelope('urn:dslforum-org:service:X_AVM-DE_MyFritz:1', 'GetServiceByIndex', { NewIndex: 2, Note: 'a<b' });
    expect(x).toContain('<u:GetServiceByIndex xmlns:u="urn:dslforum-org:service:X_AVM-DE_MyFritz:1"><NewIndex>2</NewIndex><Note>a&lt;b</Note>');
  });

  it.each([
    [env('<u:GetInfoResponse xmlns:u="x"><NewEnabled>1</NewEnabled><NewPort>443</NewPort></u:GetInfoResponse>'), 'GetInfo', { out: { NewEnabled: '1', NewPort: '443' } }],
    [env('<u:GetInfoResponse xmlns:u="x"></u:GetInfoResponse>'), 'GetInfo', { out: {} }],
    [env('<s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail><UPnPError xmlns="urn:dslforum-org:control-1-0"><errorCode>713</errorCode><errorDescription>SpecifiedArrayIndexInvalid</errorDescription></UPnPError></detail></s:Fault>'), 'GetGenericPortMappingEntry', { fault: 713, description: 'SpecifiedArrayIndexInvalid' }],
    [env('<u:OtherResponse xmlns:u="x"><A>1</A></u:OtherResponse>'), 'GetInfo', null],
    ['<not closed', 'GetInfo', null],
    ['<!DOCTYPE x [<!ENTITY a "b">]><x/>', 'GetInfo', null],
  ])('parses answer %#', (xml, action, expected) => expect(parseSoapAnswer(xml, action)).toEqual(expected));

  it('lists services of nested devices', () => {
    const svc = (t: string, u: string): string => `<service><serviceType>urn:dslforum-org:service:${t}</serviceType><controlURL>${u}</controlURL></service>`;
    const xml = `<root><device><serviceList>${svc('DeviceInfo:1', '/upnp/control/deviceinfo')}${svc('Bad:1', 'http://evil/')}</serviceList>` +
      `<deviceList><device><deviceList><device><serviceList>${svc('WANIPConnection:1', '/upnp/control/wanipconnection1')}</serviceList></device></deviceList></device></deviceList></device></root>`;
    expect(parseTr64Services(xml)).toEqual([
      { serviceType: 'urn:dslforum-org:service:DeviceInfo:1', controlURL: '/upnp/control/deviceinfo' },
      { serviceType: 'urn:dslforum-org:service:WANIPConnection:1', controlURL: '/upnp/control/wanipconnection1' },
    ]);
    expect(parseTr64Services('garbage')).toEqual([]);
  });
});
