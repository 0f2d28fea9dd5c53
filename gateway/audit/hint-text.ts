/**
 * A device hint in plain words, in the reader's language (English when a text has no translation):
 * "Could be a camera: it serves a video stream (RTSP) on port 554". The words come from device-profiles/knowledge.
 */
import type { DeviceHint, HintReason } from '../contract.ts';
import type { ClueKnowledge } from '../../device-profiles/knowledge.ts';
import type { LangMap } from '../../device-profiles/schema.ts';
import { fillTemplate, textIn } from '../rules/render.ts';

type Texts = Pick<ClueKnowledge, 'texts' | 'categories' | 'protocolById' | 'upload'>;

const pick = (t: LangMap | undefined, lang: string): string => textIn(t, lang) ?? '';

function reasonText(r: HintReason, k: Texts, lang: string): string {
  switch (r.kind) {
    case 'protocol':
      return pick(k.protocolById.get(r.detail)?.text, lang);
    case 'upload':
      return fillTemplate(pick(k.upload.text, lang), { rate: r.detail });
    default:
      return fillTemplate(pick(k.texts[r.kind], lang), { detail: r.detail, maker: r.maker ?? '' });
  }
}

/** "Probably a camera by Reolink: …" / "Podría ser una cámara: …". */
export function describeHint(hint: DeviceHint, k: Texts, lang = 'en'): string {
  const noun = pick(k.categories.get(hint.category)?.noun, lang) || hint.category;
  const lead = fillTemplate(pick(k.texts[hint.level === 'likely' ? 'likely' : 'possible'], lang), { noun });
  const what = hint.maker ? fillTemplate(pick(k.texts.byMaker, lang), { what: lead, maker: hint.maker }) : lead;
  const why = hint.reasons.map((r) => reasonText(r, k, lang)).filter(Boolean).join('; ');
  const text = why ? `${what}: ${why}` : what;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
