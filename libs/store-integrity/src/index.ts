export { recordIntegrityCheckpoint, restartCheckpointChainAfterMigration } from './record-checkpoint';
export { verifyStream, type StreamAnchor, type StreamVerification } from './verify-stream';
export { verifyStore } from './verify-store';
export {
  isBrokenEvidence,
  verifyCaseRecord,
  verifyEvidence,
  type CaseVerification,
  type EmployeeErasureCheck,
  type EvidenceFileCheck,
  type EvidenceFileStatus,
} from './verify-evidence';
