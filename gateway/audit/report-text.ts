/** The fixed texts of the printed report, per language (English required; Spanish for advocates' visits). */
import type { Visibility } from '../contract.ts';

export type ReportLang = 'en' | 'es';

export interface ReportText {
  heading: string;
  quickExit: string;
  audit: string;
  from: string;
  to: string;
  mode: string;
  digest: string;
  redacted: string;
  safetyTitle: string;
  safety: string[];
  devicesTitle: string;
  noDevices: string;
  can: string;
  addresses: string;
  reachable: string;
  access: string;
  findings: string;
  noFindings: string;
  evidence: string;
  advice: string;
  seen: (count: number, first: string, last: string) => string;
  otherFindings: string;
  checklistTitle: string;
  noChecklist: string;
  status: Record<'todo' | 'done' | 'skipped' | 'not-applicable', string>;
  answer: string;
  note: string;
  mayNotice: string;
  commentsTitle: string;
  noComments: string;
  on: string;
  cannotSeeTitle: string;
  cannotSee: string[];
  /** Whose traffic the check could see, one sentence per reason (never silent). */
  visibility: (v: Visibility) => string;
  /** The ways to see the traffic when HomeSweep was beside the router. */
  seeTraffic: string;
  footer: string;
  severity: Record<'high' | 'medium' | 'low' | 'info', string>;
}

const en: ReportText = {
  heading: 'Home devices check: report',
  quickExit: 'Quick exit',
  audit: 'Audit',
  from: 'from',
  to: 'to',
  mode: 'How it was made',
  digest: 'Fingerprint (SHA-256) of the audit',
  redacted: 'This copy was shortened for sharing:',
  safetyTitle: 'Before you change anything',
  safety: [
    'Resetting a device, removing it from an app or unlinking an account erases its logs, and that history may be evidence. Record now, change later.',
    'Take screenshots of who has access (shared users, linked phones, sessions) and keep this report somewhere the other person cannot reach.',
    'Changes such as new passwords or removed users can be noticed by the other person. Plan them with someone you trust, at a time that is safe for you.',
  ],
  devicesTitle: 'Devices, most important first',
  noDevices: 'No devices were found.',
  can: 'Can',
  addresses: 'Addresses',
  reachable: 'Can be reached from the internet',
  access: 'Who or what can reach it',
  findings: 'What was seen',
  noFindings: 'Nothing unusual was seen for this device.',
  evidence: 'Evidence',
  advice: 'What you can do',
  seen: (n, a, b) => `${n === 1 ? 'Seen once' : `Seen ${n} times`}, ${a === b ? a : `${a} to ${b}`}`,
  otherFindings: 'Findings not tied to one device',
  checklistTitle: 'Checklist',
  noChecklist: 'No checklist items yet.',
  status: { todo: 'to do', done: 'done', skipped: 'skipped', 'not-applicable': 'does not apply' },
  answer: 'Answer',
  note: 'Note',
  mayNotice: 'Could the other person notice',
  commentsTitle: 'Comments',
  noComments: 'No comments.',
  on: 'on',
  cannotSeeTitle: 'What this check cannot see',
  cannotSee: [
    'Bluetooth trackers (such as AirTags or Tiles): they do not use the home network.',
    'Trackers and cameras with their own mobile (cellular) connection.',
    'Car apps and the car’s own connection.',
    'Spyware on a phone while the phone uses mobile data instead of the home Wi-Fi.',
    'Logins that happen only in a company’s cloud, such as someone opening a camera’s app from elsewhere when the device itself shows no change.',
  ],
  visibility: (v) =>
    ({
      'saw-traffic': `HomeSweep could see the internet traffic of ${v.devicesWithTraffic} of ${v.devicesTotal} devices.`,
      'announcements-only': `HomeSweep could only see what the ${v.devicesTotal} devices announce, not their internet traffic: it was beside the router, not in the traffic's path. Live video, stalkerware servers, remote access and hidden DNS could not be checked, so finding nothing there does not mean nothing is happening.`,
      'one-device': 'HomeSweep saw the internet traffic of one device only, which may be the computer that took the capture: it cannot tell whether the other devices\' traffic was in view.',
      'too-early': 'HomeSweep listened for less than a minute and had not yet seen other devices\' traffic, so it cannot tell whose traffic it could see.',
      'no-devices': 'HomeSweep saw no device other than the router and itself, so it cannot tell whose traffic it could see.',
      'no-capture': 'No packets were captured, so the traffic of the devices (live video, stalkerware servers, remote access, hidden DNS) was not checked.',
    })[v.reason],
  seeTraffic: "To check the devices' traffic, capture on the home's router (over SSH, or a FRITZ!Box's own packet capture), or take a capture on the router and open it in HomeSweep.",
  footer: 'Made by HomeSweep. Times are UTC.',
  severity: { high: 'high', medium: 'medium', low: 'low', info: 'information' },
};

const es: ReportText = {
  heading: 'Revisión de los aparatos del hogar: informe',
  quickExit: 'Salida rápida',
  audit: 'Revisión',
  from: 'desde',
  to: 'hasta',
  mode: 'Cómo se hizo',
  digest: 'Huella (SHA-256) de la revisión',
  redacted: 'Esta copia se acortó para compartirla:',
  safetyTitle: 'Antes de cambiar nada',
  safety: [
    'Reiniciar un aparato, quitarlo de una aplicación o desvincular una cuenta borra sus registros, y ese historial puede ser una prueba. Registre ahora, cambie después.',
    'Haga capturas de pantalla de quién tiene acceso (usuarios compartidos, teléfonos vinculados, sesiones) y guarde este informe donde la otra persona no pueda llegar.',
    'Cambios como contraseñas nuevas o usuarios quitados pueden ser notados por la otra persona. Planéelos con alguien de confianza, en un momento seguro para usted.',
  ],
  devicesTitle: 'Aparatos, los más importantes primero',
  noDevices: 'No se encontraron aparatos.',
  can: 'Puede',
  addresses: 'Direcciones',
  reachable: 'Se puede alcanzar desde internet',
  access: 'Quién o qué puede alcanzarlo',
  findings: 'Lo que se vio',
  noFindings: 'No se vio nada fuera de lo común en este aparato.',
  evidence: 'Pruebas',
  advice: 'Lo que puede hacer',
  seen: (n, a, b) => `${n === 1 ? 'Visto una vez' : `Visto ${n} veces`}, ${a === b ? a : `${a} a ${b}`}`,
  otherFindings: 'Hallazgos que no son de un solo aparato',
  checklistTitle: 'Lista de pasos',
  noChecklist: 'Todavía no hay pasos.',
  status: { todo: 'por hacer', done: 'hecho', skipped: 'omitido', 'not-applicable': 'no aplica' },
  answer: 'Respuesta',
  note: 'Nota',
  mayNotice: '¿Puede notarlo la otra persona?',
  commentsTitle: 'Comentarios',
  noComments: 'Sin comentarios.',
  on: 'sobre',
  cannotSeeTitle: 'Lo que esta revisión no puede ver',
  cannotSee: [
    'Localizadores Bluetooth (como AirTag o Tile): no usan la red del hogar.',
    'Localizadores y cámaras con su propia conexión móvil.',
    'Aplicaciones del coche y la conexión propia del coche.',
    'Programas espía en un teléfono mientras usa datos móviles en lugar del wifi de casa.',
    'Accesos que ocurren solo en la nube de una empresa, como alguien que abre la aplicación de una cámara desde otro lugar sin que el aparato cambie.',
  ],
  visibility: (v) =>
    ({
      'saw-traffic': `HomeSweep pudo ver el tráfico de internet de ${v.devicesWithTraffic} de ${v.devicesTotal} aparatos.`,
      'announcements-only': `HomeSweep solo pudo ver lo que anuncian los ${v.devicesTotal} aparatos, no su tráfico de internet: estaba al lado del router, no en el camino del tráfico. No se pudo revisar vídeo en directo, servidores de programas espía, acceso remoto ni DNS oculto, así que no encontrar nada ahí no significa que no pase nada.`,
      'one-device': 'HomeSweep vio el tráfico de internet de un solo aparato, que puede ser el ordenador que hizo la captura: no puede saber si el tráfico de los demás aparatos estaba a la vista.',
      'too-early': 'HomeSweep escuchó menos de un minuto y aún no había visto tráfico de otros aparatos, así que no puede saber de quién pudo ver el tráfico.',
      'no-devices': 'HomeSweep no vio ningún aparato aparte del router y de sí mismo, así que no puede saber de quién pudo ver el tráfico.',
      'no-capture': 'No se capturaron paquetes, así que no se revisó el tráfico de los aparatos (vídeo en directo, servidores de programas espía, acceso remoto, DNS oculto).',
    })[v.reason],
  seeTraffic: 'Para revisar el tráfico de los aparatos, capture en el router de la casa (por SSH, o con la captura de paquetes propia de un FRITZ!Box), o haga una captura en el router y ábrala en HomeSweep.',
  footer: 'Hecho con HomeSweep. Las horas están en UTC.',
  severity: { high: 'alta', medium: 'media', low: 'baja', info: 'información' },
};

/** The report texts for `lang`, English when the language is not known. */
export function reportText(lang: string): ReportText {
  return lang === 'es' ? es : en;
}
