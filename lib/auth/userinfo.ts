import "server-only";
import * as oauth from "oauth4webapi";
import type { ProviderSpec } from "./providers";
import { signInFetch } from "./providers";
import { UserInfoSubjectMismatch, type Claims, type UserInfoFetcher } from "./sign-in-claims";

// The issuer's UserInfo endpoint, through oauth4webapi (the library Auth.js itself uses): discovery
// for the endpoint, the bearer request, and processUserInfoResponse, which checks that the answer's
// `sub` is the ID token's (OIDC Core 5.3.2). Same outbound rules as the rest of sign-in.

const metadata = new Map<string, Promise<oauth.AuthorizationServer>>();

function discover(spec: ProviderSpec, fetchImpl: typeof fetch): Promise<oauth.AuthorizationServer> {
  const cached = metadata.get(spec.issuer);
  if (cached) return cached;
  const issuer = new URL(spec.issuer);
  const loading = oauth
    .discoveryRequest(issuer, { [oauth.customFetch]: fetchImpl, [oauth.allowInsecureRequests]: spec.insecure })
    .then((response) => oauth.processDiscoveryResponse(issuer, response));
  metadata.set(spec.issuer, loading);
  loading.catch(() => metadata.delete(spec.issuer)); // a failed discovery is tried again next time
  return loading;
}

export function userInfoFetcher(spec: ProviderSpec, devHttpOrigins: string | undefined, accessToken: string): UserInfoFetcher {
  const fetchImpl = signInFetch(devHttpOrigins);
  return async (expectedSub) => {
    const as = await discover(spec, fetchImpl);
    const client: oauth.Client = { client_id: spec.clientId };
    const options = { [oauth.customFetch]: fetchImpl, [oauth.allowInsecureRequests]: spec.insecure };
    const response = await oauth.userInfoRequest(as, client, accessToken, options);
    try {
      return (await oauth.processUserInfoResponse(as, client, expectedSub, response)) as Claims;
    } catch (error) {
      if (error instanceof oauth.OperationProcessingError && error.code === oauth.JSON_ATTRIBUTE_COMPARISON) throw new UserInfoSubjectMismatch();
      throw error;
    }
  };
}
