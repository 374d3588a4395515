export { type JsonValue, canonicalJson } from './canonical-json';
export { type EventIntegrity, eventHash, chainBatch } from './event-hash';
export { type ChainBreak, verifyStreamChain } from './stream-chain';
export { merkleRoot, verifyMerkleInclusion } from './merkle';
export {
  INTEGRITY_CHECKPOINT_STREAM,
  INTEGRITY_CHECKPOINT_RECORDED,
  type AnchoredHead,
  type IntegrityCheckpoint,
  type RecordedCheckpoint,
  anchoredLeaf,
  changedHeads,
  nextCheckpoint,
  readCheckpoint,
  anchorOf,
  anchorBreak,
} from './checkpoint';
export { type StoreReport, StoreVerifier } from './store-verifier';
