/**
 * BERT-style WordPiece tokenisation, as the sentence-embedding models exported to ONNX (MiniLM, BGE, E5,
 * GTE, …) expect it: lower-case, strip accents, split on whitespace and punctuation, then cut each word
 * into the longest vocabulary pieces ("embeddings" → "em", "##bed", "##ding", "##s"). The vocabulary is the
 * model's `vocab.txt`, one piece per line, the line number being its id.
 */
export interface WordPieceVocab {
  ids: ReadonlyMap<string, number>;
  cls: number;
  sep: number;
  unk: number;
  pad: number;
}

const MAX_WORD_CHARS = 100;

export function parseVocab(text: string): WordPieceVocab {
  const ids = new Map<string, number>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.length > 0 && !ids.has(line)) ids.set(line, i);
  });
  const need = (piece: string) => {
    const id = ids.get(piece);
    if (id === undefined) throw new Error(`the vocabulary has no ${piece} entry (is it a BERT-style vocab.txt?)`);
    return id;
  };
  return { ids, cls: need('[CLS]'), sep: need('[SEP]'), unk: need('[UNK]'), pad: ids.get('[PAD]') ?? 0 };
}

/** Lower-cased, accent-free words and single punctuation marks. */
function basicTokens(text: string): string[] {
  const folded = text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '');
  return folded.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
}

function pieces(word: string, vocab: WordPieceVocab): number[] {
  if (word.length > MAX_WORD_CHARS) return [vocab.unk];
  const out: number[] = [];
  let start = 0;
  while (start < word.length) {
    let end = word.length;
    let id: number | undefined;
    while (end > start) {
      const piece = (start > 0 ? '##' : '') + word.slice(start, end);
      id = vocab.ids.get(piece);
      if (id !== undefined) break;
      end--;
    }
    if (id === undefined) return [vocab.unk]; // one unknown piece makes the whole word unknown, as in BERT
    out.push(id);
    start = end;
  }
  return out;
}

/** `[CLS] pieces… [SEP]`, truncated to `maxTokens` in all. */
export function encode(text: string, vocab: WordPieceVocab, maxTokens: number): number[] {
  const ids = [vocab.cls];
  for (const word of basicTokens(text)) {
    for (const id of pieces(word, vocab)) {
      if (ids.length >= maxTokens - 1) break;
      ids.push(id);
    }
    if (ids.length >= maxTokens - 1) break;
  }
  ids.push(vocab.sep);
  return ids;
}
