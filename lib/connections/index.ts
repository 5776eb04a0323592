// Storage and token lifecycle of Okta connections: the only code that decrypts their secrets. Pure
// (no Next.js, no env): the app wires it in ./server.ts; scripts and tests pass their own deps.
export { accessTokenProvider, getAccessToken, openConnectionForCalls, withAccessToken, type AccessToken, type GetAccessTokenOptions, type TokenLifecycleDeps } from "./access-token";
export { ConnectionError, type ConnectionErrorCode } from "./errors";
export {
  createConnection,
  deleteConnection,
  getConnectionHeading,
  getConnectionSummary,
  loadDecryptedConnection,
  markConnectionStatus,
  renameConnection,
  replaceClientSecret,
  storeAuthorization,
  type ConnectionHeading,
  type CreateConnectionInput,
  type RevocationMaterial,
  type StoreAuthorizationInput,
} from "./repository";
export {
  CONNECTION_PAGE_SIZE,
  connectionListParams,
  listConnectionPage,
  type ConnectionPage,
} from "./list-page";
export {
  CONNECTION_SORTS,
  DEFAULT_CONNECTION_ORDER,
  connectionOrder,
  firstDirection,
  type ConnectionOrder,
  type ConnectionSort,
} from "./list-sort";
export { connectionOAuthClient, revokeConnectionTokens, type OrgClientFactory } from "./oauth-client";
export { countEnvelopesByKey, reencryptAllConnections, type ReencryptReport } from "./reencrypt";
export {
  classifyRefreshError,
  createOpenIdRefresher,
  createOrgClientFactory,
  orgIssuer,
  parseDevHttpOrigins,
  tokenSetFromResponse,
  TokenEndpointError,
  type RefreshFailureKind,
  type RefreshRequest,
  type RefreshTokens,
  type TokenResponse,
} from "./token-endpoint";
export { summarySelect, type Actor, type ConnectionDeps, type ConnectionSummary, type DecryptedConnection, type EncryptedConnection, type TokenSet } from "./types";
