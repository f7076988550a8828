/**
 * The audit chain (DESIGN.md §6): canonical JSON, sealing and verification, redaction, export formats and the
 * webhook sink. Persistence is the Store's (`store/store.ts`); everything here is pure except the sink.
 */
export { CanonicalJsonError, canonicalJson } from './jcs.js';
export {
  ChainVerifier,
  GENESIS,
  hashEvent,
  makeSealer,
  verifyChain,
  type ChainBreak,
  type ChainBroken,
  type ChainOk,
  type ChainResult,
  type VerifyOptions,
} from './chain.js';
export {
  MAX_DEPTH,
  MAX_NODES,
  MAX_STRING,
  REDACTED,
  isSecretKey,
  redact,
  redactKnown,
  redactString,
  type RedactOptions,
} from './redact.js';
export {
  SD_ID,
  SYSLOG_FACILITY,
  syslogSeverity,
  toJsonl,
  toSyslog,
  type SyslogOptions,
} from './export.js';
export {
  SIGNATURE_HEADER,
  WEBHOOK_TRIES,
  WebhookError,
  WebhookSink,
  type WebhookSinkOptions,
} from './sink.js';
