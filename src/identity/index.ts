/** The identity layer (DESIGN.md §5): keys, agent tokens and their scopes, human passwords and TOTP, ids. */
export { IdentityError, type IdentityErrorCode } from './errors.js';
export { ID_PATTERN, newId, sha256Hex, type IdPrefix } from './ids.js';
export {
  generateSigningKey,
  keyId,
  loadSigningKey,
  loadVerifyKey,
  type SigningKey,
  type SigningKeyPem,
  type VerifyKey,
} from './keys.js';
export {
  MAX_TOKEN_LENGTH,
  MAX_TOKEN_SECONDS,
  TOKEN_ALGORITHM,
  TOKEN_ISSUER,
  TOKEN_TYPE,
  TokenError,
  agentClaimsSchema,
  agentNameSchema,
  claimsToRecord,
  mintAgentToken,
  parseDuration,
  verifyAgentToken,
  type AgentClaims,
  type MintOptions,
  type TokenErrorCode,
} from './tokens.js';
export {
  SCOPE_ENVS,
  checkScope,
  formatScopeItems,
  isSubScope,
  narrowScope,
  parseScope,
  parseScopeItems,
  scopeExcess,
  scopeSchema,
} from './scope.js';
export {
  checkPasswordStrength,
  generateSecret,
  hashPassword,
  verifyPassword,
} from './passwords.js';
export {
  base32Decode,
  base32Encode,
  newTotpSecret,
  otpauthUri,
  totpCode,
  totpStep,
  verifyTotp,
  type TotpResult,
} from './totp.js';
