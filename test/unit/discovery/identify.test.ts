import { describe, expect, it } from 'vitest';
import type { Category } from '../../../gateway/contract.ts';
import { compileKnowledge, compileProfile } from '../../../device-profiles/compile.ts';
import { loadProfiles } from '../../../device-profiles/load.ts';
import { ProfileSchema, WeightsSchema } from '../../../device-profiles/schema.ts';
import { createIdentifier, identifyDevice, type DeviceEvidence } from '../../../discovery/identify.ts';

const library = loadProfiles();
const identify = createIdentifier(library);

/** Evidence with every list empty, plus the given fields. */
function ev(partial: Partial<DeviceEvidence>): DeviceEvidence {
  return { hostnames: [], dhcp: [], mdns: [], ssdp: [], domains: [], ports: [], ...partial };
}

const cast = (md: string) => ({
  instance: `Living Room._googlecast._tcp.local`,
  type: '_googlecast._tcp',
  host: 'abc123.local',
  port: 8009,
  txt: { id: '3f2a', md, fn: 'Living Room' },
});
const hap = (ci: string, md = 'Acme 1') => ({
  instance: `${md}._hap._tcp.local`,
  type: '_hap._tcp',
  port: 8080,
  txt: { ci, md, sf: '0', 'c#': '2' },
});

interface Case {
  name: string;
  evidence: DeviceEvidence;
  profile: string | undefined;
  category: Category;
}

const cases: Case[] = [
  {
    name: 'Ring doorbell: DHCP hostname with a Texas Instruments OUI',
    evidence: ev({ mac: '0c:ae:7d:12:34:56', vendor: 'Texas Instruments', dhcp: [{ hostname: 'Ring-1a2b' }], domains: ['fw.ring.com'] }),
    profile: 'ring.doorbell',
    category: 'doorbell',
  },
  {
    name: 'Ring camera by hostname',
    evidence: ev({ dhcp: [{ hostname: 'RingStickUpCam-9f' }], domains: ['api.ring.com'] }),
    profile: 'ring.camera',
    category: 'camera',
  },
  {
    name: 'Nest Hub Max by Cast model',
    evidence: ev({ mdns: [cast('Google Nest Hub Max')] }),
    profile: 'google.nest-hub-max',
    category: 'smart-display',
  },
  {
    name: 'Nest Hub (no camera) by Cast model',
    evidence: ev({ mdns: [cast('Google Nest Hub')] }),
    profile: 'google.nest-hub',
    category: 'smart-display',
  },
  {
    name: 'Nest Mini by Cast model',
    evidence: ev({ mdns: [cast('Google Nest Mini')] }),
    profile: 'google.nest-speaker',
    category: 'smart-speaker',
  },
  {
    name: 'Chromecast by hostname and Cast model',
    evidence: ev({ dhcp: [{ hostname: 'Chromecast-Ultra' }], mdns: [cast('Chromecast Ultra')] }),
    profile: 'google.chromecast',
    category: 'tv-streamer',
  },
  {
    name: 'unknown Cast model falls to the generic Cast profile, not a camera display',
    evidence: ev({ mdns: [cast('Acme Soundbar 3000')] }),
    profile: 'google.cast-device',
    category: 'tv-streamer',
  },
  {
    name: 'Nest Cam by Nest OUI and Dropcam domain',
    evidence: ev({ mac: '18:b4:30:aa:bb:cc', vendor: 'Nest Labs Inc.', domains: ['nexus.dropcam.com'] }),
    profile: 'google.nest-cam',
    category: 'camera',
  },
  {
    name: 'Echo by hostname and Alexa domain',
    evidence: ev({ mac: '44:65:0d:01:02:03', dhcp: [{ hostname: 'amazon-3c1f2d9a' }], domains: ['api.amazonalexa.com'] }),
    profile: 'amazon.echo',
    category: 'smart-speaker',
  },
  {
    name: 'Fire TV by mDNS and SSDP model',
    evidence: ev({
      mdns: [{ instance: 'Fire TV._amzn-wplay._tcp.local', type: '_amzn-wplay._tcp' }],
      ssdp: [{ kind: 'response', description: { manufacturer: 'Amazon', modelName: 'AFTMM' } }],
    }),
    profile: 'amazon.fire-tv',
    category: 'tv-streamer',
  },
  {
    name: 'Wyze camera by OUI and cloud domain',
    evidence: ev({ mac: '2c:aa:8e:00:11:22', vendor: 'Wyze Labs Inc', domains: ['api.wyzecam.com'] }),
    profile: 'wyze.camera',
    category: 'camera',
  },
  {
    name: 'Blink by TI SimpleLink chip and Blink cloud',
    evidence: ev({ mac: '0c:ae:7d:00:00:01', vendor: 'Texas Instruments', domains: ['rest-prod.immedia-semi.com', 'api.oauth.blink.com'] }),
    profile: 'blink.camera',
    category: 'camera',
  },
  {
    name: 'Arlo by domains',
    evidence: ev({ domains: ['arlo.com', 'myapi.arlo.com', 'vzweb.myarlo.com'] }),
    profile: 'arlo.camera',
    category: 'camera',
  },
  {
    name: 'Eufy by cloud domain',
    evidence: ev({ domains: ['security-app.eufylife.com', 'mqtt.eufylife.com'] }),
    profile: 'eufy.security-camera',
    category: 'camera',
  },
  {
    name: 'SimpliSafe base station: hostname with an Espressif OUI',
    evidence: ev({ mac: '30:ae:a4:11:22:33', vendor: 'Espressif Inc.', dhcp: [{ hostname: 'SimpliSafe-BS3' }] }),
    profile: 'simplisafe.base-station',
    category: 'alarm',
  },
  {
    name: 'August Connect bridge by its generic hostname "connect"',
    evidence: ev({ mac: 'b8:b7:f1:00:00:01', vendor: 'WNC Corporation', dhcp: [{ hostname: 'connect' }] }),
    profile: 'august.connect-bridge',
    category: 'lock',
  },
  {
    name: 'ecobee by mDNS type and HomeKit model (ci=9 supports it)',
    evidence: ev({ mdns: [{ instance: 'ecobee._ecobee._tcp.local', type: '_ecobee._tcp' }, hap('9', 'ecobee3 lite')] }),
    profile: 'ecobee.thermostat',
    category: 'thermostat',
  },
  {
    name: 'Philips Hue bridge by mDNS and SSDP',
    evidence: ev({
      mdns: [{ instance: 'Philips Hue - 1A2B3C._hue._tcp.local', type: '_hue._tcp', txt: { bridgeid: '001788fffe1a2b3c', modelid: 'BSB002' } }],
      ssdp: [{ kind: 'response', description: { manufacturer: 'Signify', modelName: 'Philips hue bridge 2015' } }],
    }),
    profile: 'philips.hue-bridge',
    category: 'hub',
  },
  {
    name: 'Roku by SSDP ST',
    evidence: ev({ ssdp: [{ kind: 'response', st: 'roku:ecp', server: 'Roku/9.4.0 UPnP/1.0 Roku/9.4.0' }] }),
    profile: 'roku.player',
    category: 'tv-streamer',
  },
  {
    name: 'Samsung TV by SSDP device type',
    evidence: ev({ ssdp: [{ kind: 'notify', nt: 'upnp:rootdevice', description: { deviceType: 'urn:samsung.com:device:RemoteControlReceiver:1', friendlyName: '[TV] Samsung 7 Series (55)' } }] }),
    profile: 'samsung.smart-tv',
    category: 'tv-streamer',
  },
  {
    name: 'LG webOS TV by SSDP ST',
    evidence: ev({ ssdp: [{ kind: 'response', st: 'urn:lge-com:service:webos-second-screen:1' }] }),
    profile: 'lg.webos-tv',
    category: 'tv-streamer',
  },
  {
    name: 'Apple TV by MediaRemote and AirPlay model',
    evidence: ev({
      mdns: [
        { instance: 'Living Room._mediaremotetv._tcp.local', type: '_mediaremotetv._tcp' },
        { instance: 'Living Room._airplay._tcp.local', type: '_airplay._tcp', txt: { model: 'AppleTV11,1' } },
      ],
    }),
    profile: 'apple.apple-tv',
    category: 'tv-streamer',
  },
  {
    name: 'HomePod by RAOP model',
    evidence: ev({ mdns: [{ instance: 'ABCDEF@Kitchen._raop._tcp.local', type: '_raop._tcp', txt: { am: 'AudioAccessory5,1' } }] }),
    profile: 'apple.homepod',
    category: 'smart-speaker',
  },
  {
    name: 'iPhone by hostname',
    evidence: ev({ mac: 'a6:12:34:56:78:9a', dhcp: [{ hostname: 'Maria-s-iPhone' }] }),
    profile: 'apple.iphone',
    category: 'phone',
  },
  {
    name: 'iPhone by companion-link only',
    evidence: ev({ mdns: [{ instance: 'Maria’s iPhone._companion-link._tcp.local', type: '_companion-link._tcp' }] }),
    profile: 'apple.iphone',
    category: 'phone',
  },
  {
    name: 'MacBook by device-info model beats its companion-link and AirPlay services',
    evidence: ev({
      mdns: [
        { instance: 'Work Laptop._device-info._tcp.local', type: '_device-info._tcp', txt: { model: 'MacBookPro18,3' } },
        { instance: 'Work Laptop._companion-link._tcp.local', type: '_companion-link._tcp' },
      ],
    }),
    profile: 'apple.mac',
    category: 'computer',
  },
  {
    name: 'Android phone by hostname',
    evidence: ev({ dhcp: [{ hostname: 'android-3f2a9c0e11d24b7a' }] }),
    profile: 'android.phone',
    category: 'phone',
  },
  {
    name: 'Galaxy Tab is a tablet, not a phone (longer pattern wins)',
    evidence: ev({ dhcp: [{ hostname: 'Galaxy-Tab-S7' }] }),
    profile: 'android.tablet',
    category: 'tablet',
  },
  {
    name: 'Galaxy Watch is a wearable',
    evidence: ev({ dhcp: [{ hostname: 'Galaxy-Watch4-1A2B' }] }),
    profile: 'samsung.galaxy-watch',
    category: 'wearable',
  },
  {
    name: 'Windows PC by hostname and vendor class',
    evidence: ev({ dhcp: [{ hostname: 'DESKTOP-7K2M9QX', vendorClass: 'MSFT 5.0' }] }),
    profile: 'microsoft.windows-pc',
    category: 'computer',
  },
  {
    name: 'Brother printer via _ipp._tcp and TXT (brand over the generic printer)',
    evidence: ev({ mdns: [{ instance: 'Brother HL-L2350DW._ipp._tcp.local', type: '_ipp._tcp', txt: { ty: 'Brother HL-L2350DW series', usb_MFG: 'Brother' } }] }),
    profile: 'brother.printer',
    category: 'printer',
  },
  {
    name: 'unknown printer via _ipp._tcp only',
    evidence: ev({ mdns: [{ instance: 'Office._ipp._tcp.local', type: '_ipp._tcp', txt: { ty: 'Acme LaserJet 9' } }] }),
    profile: 'generic.ipp-printer',
    category: 'printer',
  },
  {
    name: 'HomeKit camera of an unknown brand (ci=17)',
    evidence: ev({ mdns: [hap('17', 'Acme Cam')] }),
    profile: 'generic.homekit-camera',
    category: 'camera',
  },
  {
    name: 'HomeKit lock of an unknown brand (ci=6)',
    evidence: ev({ mdns: [hap('6', 'Acme Lock')] }),
    profile: 'generic.homekit-lock',
    category: 'lock',
  },
  {
    name: 'Xiongmai camera by its local port and cloud',
    evidence: ev({ ports: [{ proto: 'tcp', port: 34567, direction: 'in' }], domains: ['pub-cfg.secu100.net'] }),
    profile: 'xiongmai.icsee-camera',
    category: 'camera',
  },
  {
    name: 'P2P camera known only by its PPPP ports',
    evidence: ev({ ports: [{ proto: 'udp', port: 32100, direction: 'out' }, { proto: 'udp', port: 32108, direction: 'out' }] }),
    profile: 'generic.pppp-camera',
    category: 'camera',
  },
  {
    name: 'RTSP camera by mDNS',
    evidence: ev({ mdns: [{ instance: 'IPC-1080._rtsp._tcp.local', type: '_rtsp._tcp', port: 554, txt: { model: 'IPC-1080' } }] }),
    profile: 'generic.rtsp-camera',
    category: 'camera',
  },
  {
    name: 'Reolink: brand hostname, supported by its RTSP port',
    evidence: ev({ dhcp: [{ hostname: 'Reolink-E1' }], ports: [{ proto: 'tcp', port: 554, direction: 'in' }] }),
    profile: 'reolink.camera',
    category: 'camera',
  },
  {
    name: 'Roomba by Alexa mDNS instance name',
    evidence: ev({ mdns: [{ instance: 'iRobot-ABCDEF0123456789._amzn-alexa._tcp.local', type: '_amzn-alexa._tcp' }] }),
    profile: 'irobot.roomba',
    category: 'robot-vacuum',
  },
  {
    name: 'Sonos by mDNS',
    evidence: ev({ mdns: [{ instance: 'Sonos-5CAAFDE47AC8._sonos._tcp.local', type: '_sonos._tcp', txt: { vers: '3' } }] }),
    profile: 'sonos.speaker',
    category: 'smart-speaker',
  },
  {
    name: 'Synology NAS by HTTP TXT vendor',
    evidence: ev({ mdns: [{ instance: 'DiskStation._http._tcp.local', type: '_http._tcp', txt: { vendor: 'Synology', model: 'DS920+' } }] }),
    profile: 'synology.nas',
    category: 'nas',
  },
  {
    name: 'FRITZ!Box by SSDP manufacturer and model',
    evidence: ev({ ssdp: [{ kind: 'response', description: { manufacturer: 'AVM Berlin', modelName: 'FRITZ!Box 7590' } }] }),
    profile: 'avm.fritzbox',
    category: 'router',
  },
  {
    name: 'unknown router by IGD device type',
    evidence: ev({ ssdp: [{ kind: 'response', st: 'urn:schemas-upnp-org:device:InternetGatewayDevice:1' }] }),
    profile: 'generic.igd-router',
    category: 'router',
  },
  {
    name: 'Shelly by hostname',
    evidence: ev({ dhcp: [{ hostname: 'shellyplug-s-7C87CE' }] }),
    profile: 'shelly.relay',
    category: 'smart-plug',
  },
  {
    name: 'Tasmota by hostname',
    evidence: ev({ dhcp: [{ hostname: 'tasmota-A1B2C3-0123' }] }),
    profile: 'tasmota.device',
    category: 'smart-plug',
  },
  {
    name: 'Home Assistant by mDNS',
    evidence: ev({ mdns: [{ instance: 'Home._home-assistant._tcp.local', type: '_home-assistant._tcp', port: 8123 }] }),
    profile: 'home-assistant.server',
    category: 'hub',
  },
  {
    name: 'Nanit baby monitor by domain and OUI',
    evidence: ev({ mac: '44:ea:54:00:00:01', vendor: 'UDISENSE DBA NANIT', domains: ['api.nanit.com'] }),
    profile: 'nanit.baby-monitor',
    category: 'baby-monitor',
  },
  {
    name: 'myQ garage hub by Chamberlain OUI and cloud',
    evidence: ev({ mac: '64:52:99:00:00:01', domains: ['partner-api.myqdevice.com'] }),
    profile: 'chamberlain.myq-hub',
    category: 'garage-door',
  },
  {
    name: 'Nuki bridge by hostname',
    evidence: ev({ dhcp: [{ hostname: 'Nuki_Bridge_1A2B3C4D' }] }),
    profile: 'nuki.bridge',
    category: 'lock',
  },
  {
    name: 'Tesla on home Wi-Fi',
    evidence: ev({ mac: '4c:fc:aa:00:00:01', dhcp: [{ hostname: 'Tesla_Model_3' }] }),
    profile: 'tesla.car',
    category: 'vehicle',
  },
  {
    name: 'Espressif OUI alone says nothing',
    evidence: ev({ mac: '24:0a:c4:12:34:56', vendor: 'Espressif Inc.' }),
    profile: undefined,
    category: 'unknown',
  },
  {
    name: 'no evidence at all',
    evidence: ev({}),
    profile: undefined,
    category: 'unknown',
  },
];

describe('identifyDevice', () => {
  it.each(cases)('$name', ({ evidence, profile, category }) => {
    const result = identify(evidence);
    expect(result.profile?.id).toBe(profile);
    expect(result.category).toBe(category);
    if (result.profile) {
      expect(result.profile.confidence).toBeGreaterThan(0);
      expect(result.profile.confidence).toBeLessThanOrEqual(1);
      expect(result.profile.matchedBy.length).toBeGreaterThan(0);
    }
  });

  it('covers at least 25 distinct families', () => {
    expect(new Set(cases.map((c) => c.profile).filter(Boolean)).size).toBeGreaterThanOrEqual(25);
  });

  it('says which evidence matched, in plain pattern form', () => {
    const r = identify(ev({ mac: '0c:ae:7d:12:34:56', vendor: 'Texas Instruments', dhcp: [{ hostname: 'Ring-1a2b' }] }));
    // "ring-*" alone is shared by every Ring device; with Ring's TI module prefix it is Home Assistant's doorbell matcher.
    expect(r.profile?.matchedBy).toEqual(['dhcpHostname:ring*+oui']);
    expect(r.profile?.confidence).toBeCloseTo(0.8, 5);
    expect(r.profile?.name).toBe('Ring video doorbell');
  });

  it('gives the Nest Hub Max camera and mic, the Nest Hub only a mic', () => {
    expect(identify(ev({ mdns: [cast('Google Nest Hub Max')] })).capabilities).toEqual(
      expect.arrayContaining(['camera', 'mic']),
    );
    expect(identify(ev({ mdns: [cast('Google Nest Hub')] })).capabilities).not.toContain('camera');
  });

  it('combines signals with a noisy-or', () => {
    // Cast type (0.6) + Cast model (0.7) → 1 - 0.4 × 0.3 = 0.88.
    expect(identify(ev({ mdns: [cast('Google Nest Hub Max')] })).profile?.confidence).toBeCloseTo(0.88, 5);
    // Two distinct vendor domains: 1 - 0.4 × 0.4 = 0.84.
    expect(identify(ev({ domains: ['rest-prod.immedia-semi.com', 'api.oauth.blink.com'] })).profile?.confidence).toBeCloseTo(0.84, 5);
  });

  it('counts the same evidence once (two names under one vendor domain)', () => {
    const one = identify(ev({ domains: ['api.wyzecam.com'] }));
    const two = identify(ev({ domains: ['api.wyzecam.com', 'cdn.wyzecam.com'] }));
    expect(two.profile?.confidence).toBe(one.profile?.confidence);
  });

  it('lets a HomeKit category support a brand of the same kind', () => {
    const brandOnly = identify(ev({ domains: ['security-app.eufylife.com'] }));
    const withCi = identify(ev({ domains: ['security-app.eufylife.com'], mdns: [hap('17', 'eufyCam 2')] }));
    expect(withCi.profile?.id).toBe('eufy.security-camera');
    expect(withCi.profile!.confidence).toBeGreaterThan(brandOnly.profile!.confidence);
    expect(withCi.profile?.matchedBy).toContain('homekitCategory:17');
  });

  it('ignores the OUI of a chip maker but uses it when the vendor is unknown', () => {
    const profile = ProfileSchema.parse({
      id: 'acme.plug',
      name: { en: 'Acme plug' },
      category: 'smart-plug',
      capabilities: ['remote-control'],
      match: { oui: ['240AC4'] },
    });
    const weights = WeightsSchema.parse({
      signals: {
        oui: 0.3, dhcpHostname: 0.8, dhcpVendorClass: 0.5, mdnsType: 0.6, mdnsName: 0.6, mdnsTxt: 0.7,
        homekitCategory: 0.9, domains: 0.6, ports: 0.4,
        ssdp: { st: 0.6, nt: 0.6, server: 0.4, deviceType: 0.6, manufacturer: 0.5, modelName: 0.6, modelDescription: 0.5, friendlyName: 0.4 },
      },
      sharedFactor: 0.5,
      minConfidence: 0.3,
      moduleVendors: ['Espressif*'],
      homekitCategories: {},
    });
    const id = createIdentifier([compileProfile(profile, weights, 'acme/plug.yaml')], compileKnowledge(weights));
    expect(id(ev({ mac: '24:0a:c4:00:00:01', vendor: 'Espressif Inc.' })).category).toBe('unknown');
    expect(id(ev({ mac: '24:0A:C4:00:00:01' })).profile?.id).toBe('acme.plug');
    // A locally administered (randomised) MAC has no registered owner.
    expect(id(ev({ mac: '26:0a:c4:00:00:01' })).category).toBe('unknown');
  });

  it('uses the HomeKit table for a ci no profile names', () => {
    const r = identify(ev({ mdns: [hap('8', 'Acme Switch')] }));
    expect(r.profile).toBeUndefined();
    expect(r.category).toBe('smart-plug');
  });

  it('never throws on malformed evidence', () => {
    const junk = {
      mac: 'zz:zz',
      vendor: 42,
      hostnames: [null, '', 'x'.repeat(10_000)],
      dhcp: [null, { hostname: 7 }],
      mdns: [null, { type: '...', txt: { ci: 'abc' } }, { type: '_hap._tcp', txt: null }],
      ssdp: [null, { kind: 'notify', description: null }],
      domains: ['.', '..', 'com', null],
      ports: [null, { proto: 'icmp', port: 'x' }],
    } as unknown as DeviceEvidence;
    expect(() => identify(junk)).not.toThrow();
    expect(identify(junk).category).toBe('unknown');
  });

  it('identifyDevice reuses one identifier per library and agrees with createIdentifier', () => {
    const e = ev({ dhcp: [{ hostname: 'Ring-1a2b' }] });
    expect(identifyDevice(e, library)).toEqual(identify(e));
    expect(identifyDevice(e, library)).toEqual(identifyDevice(e, library));
  });
});
