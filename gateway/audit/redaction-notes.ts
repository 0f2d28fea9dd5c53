/**
 * What a helper's copy says was changed (the export's `redactions`), in every language the report has: the
 * English note goes into `redactions`, all of them into the export's `texts.redactions`, so a helper reading
 * the copy in Spanish or Portuguese reads these notes in her language too.
 */
import type { LangTexts } from '../contract.ts';

/** What the redaction changed, counted. */
export interface RedactionCounts {
  macs: number;
  ips: number;
  /** Owners' names found in device and network names (0: none found). */
  people: number;
  /** Device and network names changed. */
  namesChanged: number;
  homeNames: number;
  maskedAccess: number;
  authors: number;
  captureFile: boolean;
}

/** The notes, in the order the copy lists them. */
export function redactionNotes(c: RedactionCounts): LangTexts[] {
  const notes: LangTexts[] = [
    {
      en: `MAC addresses replaced by made-up ones (02:00:00:…): ${c.macs} address(es); each device keeps the same one everywhere in this copy.`,
      es: `Direcciones MAC cambiadas por otras inventadas (02:00:00:…): ${c.macs} dirección(es); cada dispositivo conserva la misma en toda esta copia.`,
      'pt-BR': `Endereços MAC trocados por outros inventados (02:00:00:…): ${c.macs} endereço(s); cada dispositivo mantém o mesmo em toda esta cópia.`,
    },
    {
      en: `IP addresses replaced by made-up ones (192.0.2.x inside the home, 203.0.113.x or 198.51.100.x outside, 2001:db8:… for IPv6): ${c.ips} address(es), each always replaced the same way.`,
      es: `Direcciones IP cambiadas por otras inventadas (192.0.2.x dentro de casa, 203.0.113.x o 198.51.100.x fuera, 2001:db8:… para IPv6): ${c.ips} dirección(es), cada una siempre cambiada igual.`,
      'pt-BR': `Endereços IP trocados por outros inventados (192.0.2.x dentro de casa, 203.0.113.x ou 198.51.100.x fora, 2001:db8:… para IPv6): ${c.ips} endereço(s), cada um sempre trocado do mesmo jeito.`,
    },
    {
      en: `Times moved by the same amount so the audit starts on the hour: the hour of the day, the order and the durations are kept, the exact minutes are not.`,
      es: `Horas movidas lo mismo para que la revisión empiece en punto: se conservan la hora del día, el orden y las duraciones, no los minutos exactos.`,
      'pt-BR': `Horários deslocados pelo mesmo tanto para que a verificação comece em hora cheia: a hora do dia, a ordem e as durações ficam, os minutos exatos não.`,
    },
    c.people > 0
      ? {
          en: `Personal names removed from device and network names (${c.namesChanged} name(s) changed), and from every other text.`,
          es: `Nombres de personas quitados de los nombres de dispositivos y redes (${c.namesChanged} nombre(s) cambiado(s)) y de todos los demás textos.`,
          'pt-BR': `Nomes de pessoas retirados dos nomes de dispositivos e redes (${c.namesChanged} nome(s) alterado(s)) e de todos os outros textos.`,
        }
      : {
          en: `No personal names were found in device or network names.`,
          es: `No se encontraron nombres de personas en los nombres de dispositivos o redes.`,
          'pt-BR': `Não foram encontrados nomes de pessoas nos nomes de dispositivos ou redes.`,
        },
    {
      en: `Serial numbers and MAC fragments removed from device names.`,
      es: `Números de serie y trozos de MAC quitados de los nombres de dispositivos.`,
      'pt-BR': `Números de série e pedaços de MAC retirados dos nomes de dispositivos.`,
    },
  ];
  if (c.homeNames) {
    notes.push({
      en: `Names that lead to this home (dynamic DNS, tunnels) replaced by made-up ones ([home-1]…): ${c.homeNames} name(s).`,
      es: `Nombres que llevan a esta casa (DNS dinámico, túneles) cambiados por otros inventados ([home-1]…): ${c.homeNames} nombre(s).`,
      'pt-BR': `Nomes que levam a esta casa (DNS dinâmico, túneis) trocados por outros inventados ([home-1]…): ${c.homeNames} nome(s).`,
    });
  }
  if (c.maskedAccess) {
    notes.push({
      en: `Account names and e-mail addresses masked in ${c.maskedAccess} access entr${c.maskedAccess === 1 ? 'y' : 'ies'}.`,
      es: `Nombres de cuenta y correos ocultados en ${c.maskedAccess} acceso(s).`,
      'pt-BR': `Nomes de conta e e-mails ocultados em ${c.maskedAccess} acesso(s).`,
    });
  }
  if (c.authors) {
    notes.push({
      en: `Comment authors replaced by "person 1", "person 2"…`,
      es: `Autores de comentarios cambiados por "person 1", "person 2"…`,
      'pt-BR': `Autores de comentários trocados por "person 1", "person 2"…`,
    });
  }
  if (c.captureFile) notes.push({ en: 'The capture file name removed.', es: 'Quitado el nombre del archivo de captura.', 'pt-BR': 'Retirado o nome do arquivo de captura.' });
  return notes;
}
