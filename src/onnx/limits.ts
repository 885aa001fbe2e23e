/** Bounds the importer enforces before and while parsing (hostile or corrupt files). */
export const LIMITS = {
  /** Largest accepted file, checked before any parsing. */
  maxBytes: 64 * 1024 * 1024,
  /** Total protobuf fields plus packed elements in one file. */
  maxFields: 4_000_000,
  /** Message nesting (the supported schema needs 7 levels). */
  maxDepth: 10,
  /** Largest accepted Fourier embedding and per-layer width. */
  maxWidth: 65536,
  maxLayers: 64,
  maxFourier: 4096,
  /** Per-message caps on repeated fields ("Message.field"); default for others below. */
  repeated: {
    'ModelProto.opset_import': 16,
    'ModelProto.metadata_props': 256,
    'GraphProto.node': 100_000,
    'GraphProto.initializer': 10_000,
    'GraphProto.input': 16,
    'GraphProto.output': 16,
    'GraphProto.value_info': 100_000,
    'NodeProto.input': 16,
    'NodeProto.output': 16,
    'NodeProto.attribute': 16,
    'TensorProto.dims': 8,
    'TensorProto.external_data': 16,
    'TensorShapeProto.dim': 8,
  } as Record<string, number>,
  defaultRepeated: 1 << 20,
  /** Longest accepted string (names, metadata values). */
  maxString: 1 << 20,
} as const;
