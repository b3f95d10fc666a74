// Texts that are shown or read as one message are composed here, sentence by sentence: a part
// without a closing full stop gets one, and parts are separated by a space, so a title and its
// reason never run together ("Het is niet geluktGeen kaart…").

export interface Text {
  nl: string;
  en: string;
}

const SENTENCE_END = /[.!?…:]$/;

export function joinSentences(...parts: string[]): string {
  return parts
    .map((part) => part.replace(/\s+/g, ' ').trim())
    .filter((part) => part.length > 0)
    .map((part) => (SENTENCE_END.test(part) ? part : `${part}.`))
    .join(' ');
}

export function composeText(...texts: Text[]): Text {
  return {
    nl: joinSentences(...texts.map((text) => text.nl)),
    en: joinSentences(...texts.map((text) => text.en)),
  };
}
