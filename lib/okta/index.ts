// The Okta Management API layer. Pure modules (no server-only, no env): config comes in as parameters.
export * from "./client";
export * from "./domain";
export * from "./errors";
export * from "./governor";
export { mapErrorCauses } from "./error-mapping";
export { OKTA_OPERATIONS, OKTA_OPERATION_NAMES, type OktaOperation, type OktaResource } from "./operations";
export type { ListOptions, OktaList, OktaPage } from "./paginate";
export type { RateLimitInfo } from "./rate-limit";
export * from "./schemas";
export * from "./scopes";
export * from "./search";
export type { OktaCallInfo, OktaGovernor, OktaRetryOptions } from "./transport";
export * from "./user-schema";
export { insufficientScopeFrom, parseWwwAuthenticate } from "./www-authenticate";
