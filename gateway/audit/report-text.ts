/** The fixed texts of the printed report, per language (English required; Spanish and Brazilian Portuguese). */
import type { Visibility } from '../contract.ts';

export const REPORT_LANGS = ['en', 'es', 'pt-BR'] as const;
export type ReportLang = (typeof REPORT_LANGS)[number];

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
  /** Evidence kinds in words (English is used for a language that has none). */
  kinds?: Record<string, string>;
  /** How the audit was made, in the app's words (the audit's `mode`). */
  modes: Record<'live' | 'capture' | 'demo' | 'import', string>;
  /** The demo audit's title. */
  demoTitle: string;
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
  footer: 'Made by HomeSweep. Times are in local time.',
  // The same words as the app's badges.
  severity: { high: 'Look at this first', medium: 'Worth a look', low: 'Low', info: 'For information' },
  kinds: {
    dns: 'Name looked up', tls: 'Secure connection', flow: 'Connection', dhcp: 'Joined the network', mdns: 'Announced itself',
    ssdp: 'Announced itself', 'upnp-igd': 'Router opening', mqtt: 'Smart-home message', http: 'Web request',
    'upload-rate': 'Upload', 'upload-peer': 'Where the upload went', identification: 'Recognised as',
  },
  modes: { live: 'This network', capture: 'Capture file', import: 'Shared check', demo: 'Demo home' },
  demoTitle: 'Demo home',
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
  footer: 'Hecho con HomeSweep. Las horas están en hora local.',
  severity: { high: 'Mirar esto primero', medium: 'Vale la pena mirarlo', low: 'Bajo', info: 'Para información' },
  kinds: {
    dns: 'Nombre consultado', tls: 'Conexión segura', flow: 'Conexión', dhcp: 'Se unió a la red', mdns: 'Se anunció',
    ssdp: 'Se anunció', 'upnp-igd': 'Apertura del router', mqtt: 'Mensaje de domótica', http: 'Petición web',
    'upload-rate': 'Subida', 'upload-peer': 'Adónde fue la subida', identification: 'Reconocido como',
  },
  modes: { live: 'Esta red', capture: 'Archivo de captura', import: 'Revisión compartida', demo: 'Casa de demostración' },
  demoTitle: 'Casa de demostración',
};

const ptBR: ReportText = {
  heading: 'Verificação dos aparelhos da casa: relatório',
  quickExit: 'Saída rápida',
  audit: 'Verificação',
  from: 'de',
  to: 'até',
  mode: 'Como foi feita',
  digest: 'Impressão digital (SHA-256) da verificação',
  redacted: 'Esta cópia foi reduzida para ser compartilhada:',
  safetyTitle: 'Antes de mudar qualquer coisa',
  safety: [
    'Resetar um aparelho, removê-lo de um app ou desvincular uma conta apaga os registros dele, e esse histórico pode ser uma prova. Registre agora, mude depois.',
    'Tire capturas de tela de quem tem acesso (usuários compartilhados, celulares vinculados, sessões) e guarde este relatório onde a outra pessoa não consiga chegar.',
    'Mudanças como senhas novas ou usuários removidos podem ser percebidas pela outra pessoa. Planeje-as com alguém de confiança, em um momento seguro para você.',
  ],
  devicesTitle: 'Aparelhos, os mais importantes primeiro',
  noDevices: 'Nenhum aparelho foi encontrado.',
  can: 'Pode',
  addresses: 'Endereços',
  reachable: 'Pode ser acessado pela internet',
  access: 'Quem ou o que pode acessá-lo',
  findings: 'O que foi visto',
  noFindings: 'Nada fora do comum foi visto neste aparelho.',
  evidence: 'Provas',
  advice: 'O que você pode fazer',
  seen: (n, a, b) => `${n === 1 ? 'Visto uma vez' : `Visto ${n} vezes`}, ${a === b ? a : `${a} a ${b}`}`,
  otherFindings: 'Descobertas que não são de um só aparelho',
  checklistTitle: 'Lista de passos',
  noChecklist: 'Ainda não há passos.',
  status: { todo: 'a fazer', done: 'feito', skipped: 'pulado', 'not-applicable': 'não se aplica' },
  answer: 'Resposta',
  note: 'Nota',
  mayNotice: 'A outra pessoa pode perceber?',
  commentsTitle: 'Comentários',
  noComments: 'Sem comentários.',
  on: 'sobre',
  cannotSeeTitle: 'O que esta verificação não consegue ver',
  cannotSee: [
    'Rastreadores Bluetooth (como AirTag ou Tile): eles não usam a rede da casa.',
    'Rastreadores e câmeras com conexão móvel própria.',
    'Apps do carro e a conexão própria do carro.',
    'Apps de monitoramento escondidos em um celular enquanto ele usa dados móveis em vez do Wi-Fi da casa.',
    'Acessos que acontecem só na nuvem de uma empresa, como alguém que abre o app de uma câmera de outro lugar sem que o aparelho mude.',
  ],
  visibility: (v) =>
    ({
      'saw-traffic': `O HomeSweep conseguiu ver o tráfego de internet de ${v.devicesWithTraffic} de ${v.devicesTotal} aparelhos.`,
      'announcements-only': `O HomeSweep só conseguiu ver o que os ${v.devicesTotal} aparelhos anunciam, não o tráfego de internet deles: ele estava ao lado do roteador, não no caminho do tráfego. Vídeo ao vivo, servidores de apps de monitoramento, acesso remoto e DNS escondido não puderam ser verificados, então não encontrar nada aí não quer dizer que nada está acontecendo.`,
      'one-device': 'O HomeSweep viu o tráfego de internet de um só aparelho, que pode ser o computador que fez a captura: ele não consegue saber se o tráfego dos outros aparelhos estava à vista.',
      'too-early': 'O HomeSweep escutou por menos de um minuto e ainda não tinha visto o tráfego de outros aparelhos, então não consegue saber de quem pôde ver o tráfego.',
      'no-devices': 'O HomeSweep não viu nenhum aparelho além do roteador e dele mesmo, então não consegue saber de quem pôde ver o tráfego.',
      'no-capture': 'Nenhum pacote foi capturado, então o tráfego dos aparelhos (vídeo ao vivo, servidores de apps de monitoramento, acesso remoto, DNS escondido) não foi verificado.',
    })[v.reason],
  seeTraffic: 'Para verificar o tráfego dos aparelhos, capture no roteador da casa (por SSH, ou com a captura de pacotes do próprio FRITZ!Box), ou faça uma captura no roteador e abra-a no HomeSweep.',
  footer: 'Feito com o HomeSweep. Os horários estão no horário local.',
  severity: { high: 'Olhe isto primeiro', medium: 'Vale a pena olhar', low: 'Baixo', info: 'Para informação' },
  kinds: {
    dns: 'Nome consultado', tls: 'Conexão segura', flow: 'Conexão', dhcp: 'Entrou na rede', mdns: 'Se anunciou',
    ssdp: 'Se anunciou', 'upnp-igd': 'Abertura no roteador', mqtt: 'Mensagem da casa inteligente', http: 'Pedido web',
    'upload-rate': 'Envio', 'upload-peer': 'Para onde foi o envio', identification: 'Reconhecido como',
  },
  demoTitle: 'Casa de demonstração',
  modes: { live: 'Esta rede', capture: 'Arquivo de captura', import: 'Verificação compartilhada', demo: 'Casa de demonstração' },
};

/** The report texts for `lang`, English when the language is not known. */
export function reportText(lang: string): ReportText {
  return lang === 'es' ? es : lang === 'pt-BR' ? ptBR : en;
}

/** True when `lang` is a language the report is written in. */
export function isReportLang(lang: string): lang is ReportLang {
  return (REPORT_LANGS as readonly string[]).includes(lang);
}
