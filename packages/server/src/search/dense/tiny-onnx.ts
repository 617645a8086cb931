/**
 * Writes a minimal ONNX model file by hand (ONNX is a protobuf message), so the ONNX embedder's plumbing
 * can be tested without downloading a model: one Gather node that looks token ids up in an embedding
 * table, giving `last_hidden_state` [batch, tokens, dims] like a real encoder. Test support only.
 */

function varint(n: number | bigint): number[] {
  let v = BigInt(n);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

const key = (field: number, wire: number) => varint((field << 3) | wire);
const int = (field: number, n: number) => [...key(field, 0), ...varint(n)];
const bytes = (field: number, data: ArrayLike<number>) => [...key(field, 2), ...varint(data.length), ...Array.from(data)];
const str = (field: number, s: string) => bytes(field, new TextEncoder().encode(s));

const INT64 = 7;
const FLOAT = 1;

/** ValueInfoProto of a tensor whose dims are numbers or symbolic names. */
function valueInfo(name: string, elemType: number, dims: Array<number | string>): number[] {
  const shape = dims.flatMap((d) => bytes(1, typeof d === 'number' ? int(1, d) : str(2, d)));
  const tensorType = [...int(1, elemType), ...bytes(2, shape)];
  return [...str(1, name), ...bytes(2, bytes(1, tensorType))];
}

/**
 * A model with inputs `input_ids` and `attention_mask` (int64 [batch, tokens]; the mask is declared but
 * unused, as some exports do) and output `last_hidden_state` = table[input_ids].
 */
export function embeddingLookupModel(table: readonly (readonly number[])[]): Uint8Array {
  const dims = table[0]!.length;
  const raw = new Uint8Array(new Float32Array(table.flat()).buffer);
  const initializer = [...int(1, table.length), ...int(1, dims), ...int(2, FLOAT), ...str(8, 'table'), ...bytes(9, raw)];
  const node = [...str(1, 'table'), ...str(1, 'input_ids'), ...str(2, 'last_hidden_state'), ...str(3, 'lookup'), ...str(4, 'Gather')];
  const graph = [
    ...bytes(1, node),
    ...str(2, 'tiny-encoder'),
    ...bytes(5, initializer),
    ...bytes(11, valueInfo('input_ids', INT64, ['batch', 'tokens'])),
    ...bytes(11, valueInfo('attention_mask', INT64, ['batch', 'tokens'])),
    ...bytes(12, valueInfo('last_hidden_state', FLOAT, ['batch', 'tokens', dims])),
  ];
  const model = [...int(1, 8), ...str(2, 'toolrouter-test'), ...bytes(7, graph), ...bytes(8, [...str(1, ''), ...int(2, 13)])];
  return Uint8Array.from(model);
}
